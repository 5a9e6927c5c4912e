import { apiRoute } from "@/server/api-route";
import { resetPassword } from "@/lib/users/reset-password";
import { userIdSchema } from "@/lib/users/user-input";
import { parseOr400, readJson } from "@/lib/workflows/definition-body";

export const dynamic = "force-dynamic";

/** POST `{ password }` sets it; `{}` answers a one-time `setPasswordLink`. Either way the old password and every session stop working. */
export const POST = apiRoute<{ id: string }>({ permission: "users:manage" }, async (request, { actor, deps, params }) => {
  return Response.json(await resetPassword(deps.db, actor, parseOr400(userIdSchema, params.id, "the user id"), await readJson(request)));
});
