import "server-only";
import { hasPermission } from "./auth/roles";
import { getConfig } from "./config";
import type { Db } from "./db/client";
import { bearerMatches } from "./http/bearer";
import { forbidden } from "./http/errors";
import { problemResponse } from "./http/problem";
import { requestActor } from "./http/request-actor";
import { metrics } from "./metrics";

const scraperToken = (request: Request) => bearerMatches(request.headers.get("authorization"), getConfig().metricsToken);

/**
 * GET /api/metrics in the Prometheus text format. A scraper authenticates with
 * LOTLINE_METRICS_TOKEN as a bearer token; anyone else as on the JSON API (an API token or a
 * session) and needs system:read. `boot` starts the runtime, whose sources the counters report.
 */
export async function handleMetricsRequest(request: Request, boot: () => Promise<{ db: Db | null }>): Promise<Response> {
  try {
    const { db } = await boot();
    if (!scraperToken(request)) {
      if (!db) throw new Error("the relational database is not open in this process");
      const actor = await requestActor(db, request);
      if (!hasPermission(actor.role, "system:read")) throw forbidden(`Your role (${actor.role}) lacks the permission system:read`);
    }
    const registry = metrics().registry;
    return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
  } catch (error) {
    return problemResponse(error, new URL(request.url).pathname);
  }
}
