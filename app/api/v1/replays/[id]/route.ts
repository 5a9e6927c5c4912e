import { getTask, itemsQuerySchema } from "@/lib/replay/replay-tasks";
import { parseOr400 } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";
import { taskIdSchema } from "@/lib/replay/task-id";

export const dynamic = "force-dynamic";

/** GET ?status=&offset=&limit=: the task with one page of its items. */
export const GET = apiRoute<{ id: string }>({ permission: "replay" }, async (request, { actor, deps, params }) => {
  const query = parseOr400(itemsQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "the query");
  return Response.json(await getTask(deps.db, actor, parseOr400(taskIdSchema, params.id, "the task id"), query));
});
