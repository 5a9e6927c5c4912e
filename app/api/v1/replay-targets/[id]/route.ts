import { notFound } from "@/lib/http/errors";
import { deleteTarget, listTargets, updateTarget } from "@/lib/replay/replay-targets";
import { taskIdSchema } from "@/lib/replay/task-id";
import { parseOr400, readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({ permission: "integrations:manage" }, async (_request, { deps, params }) => {
  const id = parseOr400(taskIdSchema, params.id, "the target id");
  const target = (await listTargets(deps.db)).find((t) => t.id === id);
  if (!target) throw notFound(`no replay target ${id}`);
  return Response.json({ target });
});

/** PUT: the whole target; omit authSecret to keep the stored one, null to clear it. */
export const PUT = apiRoute<{ id: string }>({ permission: "integrations:manage" }, async (request, { actor, deps, params }) => {
  return Response.json({ target: await updateTarget(deps.db, actor, parseOr400(taskIdSchema, params.id, "the target id"), await readJson(request)) });
});

export const DELETE = apiRoute<{ id: string }>({ permission: "integrations:manage" }, async (_request, { actor, deps, params }) => {
  await deleteTarget(deps.db, actor, parseOr400(taskIdSchema, params.id, "the target id"));
  return new Response(null, { status: 204 });
});
