import { apiRoute } from "@/server/api-route";
import { forbidden, notFound } from "@/lib/http/errors";
import { parseId } from "@/lib/http/parse-id";
import { getOrderView } from "@/lib/orders/order-view";
import { loadViewDefinitions } from "@/lib/slas/view-definitions";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({ permission: "events:read" }, async (_request, { actor, params, deps }) => {
  const orderId = parseId(params.id, "order id");
  const result = await getOrderView(deps.clickhouse, await loadViewDefinitions(deps.db), actor, orderId);
  if (result.status === "not-found") throw notFound(`no events name order ${orderId}`);
  if (result.status === "forbidden") throw forbidden(`order ${orderId} belongs to plant ${result.plant}, outside your scope`);
  return Response.json(result.order);
});
