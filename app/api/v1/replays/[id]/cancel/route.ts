import { cancelTask } from "@/lib/replay/replay-tasks";
import { taskIdSchema } from "@/lib/replay/task-id";
import { parseOr400, readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** POST {reason}: stop the task; what is not sent yet is skipped. */
export const POST = apiRoute<{ id: string }>({ permission: "replay" }, async (request, { actor, deps, params }) => {
  return Response.json({ task: await cancelTask(deps.db, actor, parseOr400(taskIdSchema, params.id, "the task id"), await readJson(request)) });
});
