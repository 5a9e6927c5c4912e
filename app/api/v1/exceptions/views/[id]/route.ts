import { deleteView } from "@/lib/exceptions/saved-views";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute<{ id: string }>({ permission: "exceptions:read" }, async (_request, { actor, deps, params }) => {
  await deleteView(deps.db, actor, params.id);
  return new Response(null, { status: 204 });
});
