import { apiRoute } from "@/server/api-route";
import { badRequest } from "@/lib/http/errors";
import { createUser } from "@/lib/users/create-user";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "users:read" }, async (_request, { deps }) => {
  const users = await deps.db.user.findMany({
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, role: true, plants: true, disabled: true, createdAt: true, lastLoginAt: true },
  });
  return Response.json({ users });
});

export const POST = apiRoute({ permission: "users:manage" }, async (request, { actor, deps }) => {
  const body: unknown = await request.json().catch(() => {
    throw badRequest("the body must be JSON");
  });
  return Response.json({ user: await createUser(deps.db, actor, body) }, { status: 201 });
});
