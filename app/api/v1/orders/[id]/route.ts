import { apiRoute } from "@/lib/http/api-route";
import { forbidden, notFound } from "@/lib/http/errors";
import { parseId } from "@/lib/http/parse-id";
import { getOrderView } from "@/lib/orders/order-view";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({ permission: "events:read" }, async (_request, { actor, params }) => {
  const orderId = parseId(params.id, "order id");
  const result = await getOrderView(actor, orderId, (await getRuntime()).clickhouse);
  if (result.status === "not-found") throw notFound(`no events name order ${orderId}`);
  if (result.status === "forbidden") throw forbidden(`order ${orderId} belongs to plant ${result.plant}, outside your scope`);
  return Response.json(result.order);
});
