import { AlertIdSchema, expireSilence } from "@/lib/alerts/alerts-store";
import { parseOr400 } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** Expires the silence now (it stays listed as expired); 409 when it has ended already. */
export const DELETE = apiRoute<{ id: string }>({ permission: "alerts:manage" }, async (_request, { actor, deps, params }) => {
  const silence = await expireSilence(deps.db, actor, parseOr400(AlertIdSchema, params.id, "the silence id"), new Date());
  return Response.json({ silence });
});
