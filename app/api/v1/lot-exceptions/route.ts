import { apiRoute } from "@/server/api-route";
import { loadLotExceptions } from "@/lib/slas/sla-views";
import { csvResponse, lotExceptionsCsv } from "@/lib/slas/views/sla-csv";

export const dynamic = "force-dynamic";

/** Lots held in some system now, with whether another system disagrees and since when. */
export const GET = apiRoute({ permission: "slas:read" }, async (request, { actor, deps }) => {
  const lots = await loadLotExceptions(deps.clickhouse, actor.plants);
  if (new URL(request.url).searchParams.get("format") === "csv") return csvResponse(lotExceptionsCsv(lots.items), "held-lots");
  return Response.json(lots);
});
