import { apiRoute } from "@/server/api-route";
import { badRequest } from "@/lib/http/errors";
import { loadWorklist, parseInstanceFilter } from "@/lib/slas/sla-views";
import { csvResponse, instancesCsv } from "@/lib/slas/views/sla-csv";
import { parseTimeRange } from "@/lib/ui/time-range";

export const dynamic = "force-dynamic";

/** Workflow instances of the caller's plants, by the engine's last verdict; no state filter means late, at risk or failed. */
export const GET = apiRoute({ permission: "slas:read" }, async (request, { actor, deps }) => {
  const url = new URL(request.url);
  const parsed = parseInstanceFilter(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
  const list = await loadWorklist(deps.clickhouse, parsed.data, parseTimeRange(url.searchParams, Date.now()), actor.plants);
  if (url.searchParams.get("format") === "csv") return csvResponse(instancesCsv(list.items), "workflow-instances");
  return Response.json(list);
});
