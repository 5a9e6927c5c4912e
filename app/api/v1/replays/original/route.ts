import { originalPayload, originalQuerySchema } from "@/lib/replay/original-payload";
import { parseOr400 } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** GET ?correlationId=&messageId=: the business payload a replay of that message would send, for the payload editor (replay:edit). */
export const GET = apiRoute({ permission: "replay:edit" }, async (request, { actor, deps }) => {
  const query = parseOr400(originalQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "the query");
  return Response.json(await originalPayload(deps.clickhouse, actor, query));
});
