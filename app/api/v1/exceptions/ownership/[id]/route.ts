import { deleteOwnership } from "@/lib/exceptions/ownership";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute<{ id: string }>({ permission: "ownership:manage" }, async (_request, { actor, deps, params }) => {
  await deleteOwnership(deps.db, actor, params.id);
  return new Response(null, { status: 204 });
});
