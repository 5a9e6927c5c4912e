import { createTarget, listTargets } from "@/lib/replay/replay-targets";
import { readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** GET: every replay target (stored secrets never returned). POST: a new target. */
export const GET = apiRoute({ permission: "integrations:manage" }, async (_request, { deps }) => {
  return Response.json({ targets: await listTargets(deps.db) });
});

export const POST = apiRoute({ permission: "integrations:manage" }, async (request, { actor, deps }) => {
  const target = await createTarget(deps.db, actor, await readJson(request));
  return Response.json({ target }, { status: 201, headers: { Location: `/api/v1/replay-targets/${target.id}` } });
});
