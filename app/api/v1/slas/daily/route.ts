import { apiRoute } from "@/server/api-route";
import { loadSlaTrend } from "@/lib/slas/sla-views";
import { csvResponse, trendCsv } from "@/lib/slas/views/sla-csv";
import { parseTimeRange } from "@/lib/ui/time-range";
import { loadViewDefinitions } from "@/lib/slas/view-definitions";

export const dynamic = "force-dynamic";

/** Attainment per UTC day and workflow, and breaches per day; `format=csv` for a spreadsheet. */
export const GET = apiRoute({ permission: "slas:read" }, async (request, { actor, deps }) => {
  const url = new URL(request.url);
  const trend = await loadSlaTrend(deps.clickhouse, await loadViewDefinitions(deps.db), parseTimeRange(url.searchParams, Date.now(), "30d"), actor.plants);
  if (url.searchParams.get("format") === "csv") return csvResponse(trendCsv(trend.series, trend.rows), `sla-daily-${trend.range.days.first}-${trend.range.days.last}`);
  return Response.json(trend);
});
