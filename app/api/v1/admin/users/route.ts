import { apiRoute } from "@/lib/http/api-route";
import { badRequest } from "@/lib/http/errors";
import { getDb } from "@/lib/runtime";
import { createUser } from "@/lib/users/create-user";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "users:read" }, async () => {
  const users = await (await getDb()).user.findMany({
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, role: true, plants: true, disabled: true, createdAt: true, lastLoginAt: true },
  });
  return Response.json({ users });
});

export const POST = apiRoute({ permission: "users:manage" }, async (request, { actor }) => {
  const body: unknown = await request.json().catch(() => {
    throw badRequest("the body must be JSON");
  });
  return Response.json({ user: await createUser(actor, body) }, { status: 201 });
});
