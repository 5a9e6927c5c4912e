import { actInBulk } from "@/lib/exceptions/triage";
import { readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** A bulk action: `{ action, selection: [{ id, version }] }` or `{ action, filter }`; reports applied, conflicts and skipped. */
export const POST = apiRoute({ permission: "exceptions:triage" }, async (request, { actor, deps }) => {
  return Response.json(await actInBulk(deps.db, actor, await readJson(request)));
});
