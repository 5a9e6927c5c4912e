import { apiRoute } from "@/server/api-route";
import { getUser } from "@/lib/users/list-users";
import { updateUser } from "@/lib/users/update-user";
import { userIdSchema } from "@/lib/users/user-input";
import { parseOr400, readJson } from "@/lib/workflows/definition-body";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({ permission: "users:read" }, async (_request, { deps, params }) => {
  return Response.json({ user: await getUser(deps.db, parseOr400(userIdSchema, params.id, "the user id")) });
});

/** PATCH: any of name, role, plants, disabled, with `baseRevision` to refuse overwriting someone else's change (409). */
export const PATCH = apiRoute<{ id: string }>({ permission: "users:manage" }, async (request, { actor, deps, params }) => {
  return Response.json({ user: await updateUser(deps.db, actor, parseOr400(userIdSchema, params.id, "the user id"), await readJson(request)) });
});
