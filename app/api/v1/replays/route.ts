import { getConfig } from "@/lib/config";
import { createReplayTask, listTasks, listTasksQuerySchema } from "@/lib/replay/replay-tasks";
import { parseOr400, readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** GET ?status=&limit=: replay tasks, newest first. POST {selection, reason, payload?}: a new task (202, awaiting approval above the threshold). */
export const GET = apiRoute({ permission: "replay" }, async (request, { actor, deps }) => {
  const query = parseOr400(listTasksQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "the query");
  return Response.json({ tasks: await listTasks(deps.db, actor, query) });
});

export const POST = apiRoute({ permission: "replay" }, async (request, { actor, deps }) => {
  const task = await createReplayTask(deps, actor, await readJson(request), getConfig().replay.approvalThreshold);
  return Response.json({ task }, { status: 202, headers: { Location: `/api/v1/replays/${task.id}` } });
});
