import { apiRoute } from "@/server/api-route";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";
import { readJson } from "@/lib/workflows/definition-body";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "users:read" }, async (_request, { deps }) => {
  return Response.json({ users: await listUsers(deps.db) });
});

/** POST: a new user; without `password` the answer's `setPasswordLink` is the one-time link to hand over. */
export const POST = apiRoute({ permission: "users:manage" }, async (request, { actor, deps }) => {
  const created = await createUser(deps.db, actor, await readJson(request));
  return Response.json(created, { status: 201, headers: { Location: `/api/v1/admin/users/${created.user.id}` } });
});
