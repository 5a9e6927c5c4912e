import { listCurrentAlerts } from "@/lib/alerts/alerts-store";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** GET: every alert the outlets are tracking (firing, silenced, owed a resolved notice, resolved in the last hour), with each outlet's state. */
export const GET = apiRoute({ permission: "slas:read" }, async (_request, { actor, deps }) => {
  const now = new Date();
  return Response.json({ generatedAt: now.toISOString(), alerts: await listCurrentAlerts(deps.db, now, actor.plants) });
});
