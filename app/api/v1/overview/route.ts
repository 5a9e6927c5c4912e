import { apiRoute } from "@/server/api-route";
import { hasPermission } from "@/lib/auth/roles";
import { getLiveOverview } from "@/lib/queries/get-live-overview";
import { parseOverviewFilter } from "@/lib/queries/overview-filter";

export const dynamic = "force-dynamic";

/**
 * The overview's counts: `range` one of the overview's presets (1h, 6h, 24h; default the last hour),
 * optional `plant` and `system` (the reporting system). The pipeline's health only for roles with system:read.
 */
export const GET = apiRoute({ permission: "events:read" }, async (request, { actor, deps }) => {
  const filter = parseOverviewFilter(new URL(request.url).searchParams);
  return Response.json(await getLiveOverview(deps.clickhouse, deps.pipeline, actor.plants, filter, hasPermission(actor.role, "system:read")));
});
