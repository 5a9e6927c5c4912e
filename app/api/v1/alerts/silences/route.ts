import { createSilence, listSilences } from "@/lib/alerts/alerts-store";
import { readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** GET: active and scheduled silences, then those expired in the last 7 days. */
export const GET = apiRoute({ permission: "slas:read" }, async (_request, { deps }) => {
  const now = new Date();
  return Response.json({ generatedAt: now.toISOString(), silences: await listSilences(deps.db, now) });
});

/** `{ definition?, plant?, kind?, signalId?, startsAt?, durationMinutes | endsAt, comment }`: at least one matcher. */
export const POST = apiRoute({ permission: "alerts:manage" }, async (request, { actor, deps }) => {
  const silence = await createSilence(deps.db, actor, await readJson(request), new Date());
  return Response.json({ silence }, { status: 201, headers: { Location: `/api/v1/alerts/silences/${silence.id}` } });
});
