import "server-only";
import { hasPermission } from "./auth/roles";
import { getConfig } from "./config";
import { bearerMatches } from "./http/bearer";
import { forbidden } from "./http/errors";
import { problemResponse } from "./http/problem";
import { requestActor } from "./http/request-actor";
import { metrics } from "./metrics";
import { getRuntime } from "./runtime";

const scraperToken = (request: Request) => bearerMatches(request.headers.get("authorization"), getConfig().metricsToken);

/**
 * GET /api/metrics in the Prometheus text format. A scraper authenticates with
 * LOTLINE_METRICS_TOKEN as a bearer token; anyone else as on the JSON API (an API token or a
 * session) and needs system:read.
 */
export async function handleMetricsRequest(request: Request): Promise<Response> {
  try {
    if (!scraperToken(request)) {
      const actor = await requestActor(request);
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
