import "server-only";
import { getActor } from "./auth/actor";
import { hasPermission } from "./auth/roles";
import { getConfig } from "./config";
import { bearerMatches } from "./http/bearer";
import { forbidden, unauthorized } from "./http/errors";
import { problemResponse } from "./http/problem";
import { metrics } from "./metrics";
import { getRuntime } from "./runtime";

const scraperToken = (request: Request) => bearerMatches(request.headers.get("authorization"), getConfig().metricsToken);

/**
 * GET /api/metrics in the Prometheus text format. A scraper authenticates with
 * LOTLINE_METRICS_TOKEN as a bearer token; a signed-in user needs system:read.
 */
export async function handleMetricsRequest(request: Request): Promise<Response> {
  try {
    if (!scraperToken(request)) {
      const actor = await getActor();
      if (!actor) throw unauthorized("Send LOTLINE_METRICS_TOKEN as a bearer token, or sign in");
      if (!hasPermission(actor.role, "system:read")) throw forbidden(`Your role (${actor.role}) lacks the permission system:read`);
    }
    // The runtime starts the sources whose counters this reports.
    await getRuntime();
    const registry = metrics().registry;
    return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
  } catch (error) {
    return problemResponse(error, new URL(request.url).pathname);
  }
}
