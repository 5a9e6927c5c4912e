import { groupView } from "@/lib/exceptions/group-view";
import { userNames } from "@/lib/exceptions/inbox-query";
import { actOnGroup } from "@/lib/exceptions/triage";
import { readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** `{ version, action }`: the action if the group is still at that version, else 409 saying what changed. */
export const POST = apiRoute<{ id: string }>({ permission: "exceptions:triage" }, async (request, { actor, deps, params }) => {
  const group = await actOnGroup(deps.db, actor, params.id, await readJson(request));
  return Response.json({ group: groupView(group, actor.plants, await userNames(deps.db, [group.assigneeUserId])) });
});
