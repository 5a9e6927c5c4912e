import { apiRoute } from "@/server/api-route";
import { listUserHistory } from "@/lib/users/user-history";
import { userIdSchema } from "@/lib/users/user-input";
import { parseOr400 } from "@/lib/workflows/definition-body";

export const dynamic = "force-dynamic";

/** GET: the audit records about the user, newest first. */
export const GET = apiRoute<{ id: string }>({ permission: "users:read" }, async (_request, { deps, params }) => {
  return Response.json({ entries: await listUserHistory(deps.db, parseOr400(userIdSchema, params.id, "the user id")) });
});
