import { DeliveriesQuerySchema, listDeliveries } from "@/lib/alerts/alerts-store";
import { parseOr400 } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** GET: the latest sends, newest first; `limit` (≤ 500, default 100), `ok=true|false`, `rule=<id>`. */
export const GET = apiRoute({ permission: "slas:read" }, async (request, { deps }) => {
  const query = parseOr400(DeliveriesQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "the query");
  return Response.json({ deliveries: await listDeliveries(deps.db, query) });
});
