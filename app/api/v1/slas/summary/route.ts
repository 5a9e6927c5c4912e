import { apiRoute } from "@/server/api-route";
import { loadSlaSummary } from "@/lib/slas/sla-views";
import { csvResponse, summaryCsv } from "@/lib/slas/views/sla-csv";
import { parseTimeRange } from "@/lib/ui/time-range";
import { loadViewDefinitions } from "@/lib/slas/view-definitions";

export const dynamic = "force-dynamic";

/** Attainment per workflow × plant, budgets, KPIs, stage latency and open breaches (docs/slas.md, "Views"); `format=csv` for the cells. */
export const GET = apiRoute({ permission: "slas:read" }, async (request, { actor, deps }) => {
  const url = new URL(request.url);
  const range = parseTimeRange(url.searchParams, Date.now());
  const summary = await loadSlaSummary(deps.clickhouse, await loadViewDefinitions(deps.db), range, actor.plants);
  if (url.searchParams.get("format") === "csv") return csvResponse(summaryCsv(summary, summary.range.days), `sla-attainment-${summary.range.days.first}-${summary.range.days.last}`);
  return Response.json(summary);
});
