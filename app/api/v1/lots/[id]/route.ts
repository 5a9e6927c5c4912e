import { apiRoute } from "@/server/api-route";
import { forbidden, notFound } from "@/lib/http/errors";
import { parseId } from "@/lib/http/parse-id";
import { getLotView } from "@/lib/lots/lot-view";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({ permission: "events:read" }, async (_request, { actor, params, deps }) => {
  const lotId = parseId(params.id, "lot id");
  const result = await getLotView(deps.clickhouse, actor, lotId);
  if (result.status === "not-found") throw notFound(`no events name lot ${lotId}`);
  if (result.status === "forbidden") throw forbidden(`lot ${lotId} belongs to plant ${result.plant}, outside your scope`);
  return Response.json(result.lot);
});
