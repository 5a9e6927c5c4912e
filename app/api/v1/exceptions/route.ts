import { listGroups } from "@/lib/exceptions/inbox-query";
import { inboxQuery } from "@/lib/exceptions/page-params";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** The inbox: exception groups matching the filter, a page at a time (`nextCursor`), with `total` matching. */
export const GET = apiRoute({ permission: "exceptions:read" }, async (request, { actor, deps }) => {
  const { filter, page } = inboxQuery(new URL(request.url));
  return Response.json(await listGroups(deps.db, actor, filter, page));
});
