import { addComment } from "@/lib/exceptions/triage";
import { readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** `{ body }`: a comment on the group's thread. */
export const POST = apiRoute<{ id: string }>({ permission: "exceptions:triage" }, async (request, { actor, deps, params }) => {
  return Response.json({ comment: await addComment(deps.db, actor, params.id, await readJson(request)) }, { status: 201 });
});
