import { groupDetail } from "@/lib/exceptions/group-detail";
import { occurrenceQuery } from "@/lib/exceptions/page-params";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** One group: its occurrences (paged), trend, business keys, message refs for replay, impact, comments and history. */
export const GET = apiRoute<{ id: string }>({ permission: "exceptions:read" }, async (request, { actor, deps, params }) => {
  return Response.json(await groupDetail(deps.db, deps.clickhouse, actor, params.id, occurrenceQuery(new URL(request.url))));
});
