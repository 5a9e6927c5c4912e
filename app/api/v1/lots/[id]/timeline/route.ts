import { apiRoute } from "@/server/api-route";
import { forbidden, notFound } from "@/lib/http/errors";
import { parseId } from "@/lib/http/parse-id";
import { keyTimelineForActor } from "@/lib/trace/key-timeline-for-actor";

export const dynamic = "force-dynamic";

/** Every event of every correlation id that touched the lot, in time order. */
export const GET = apiRoute<{ id: string }>({ permission: "events:read" }, async (_request, { actor, params, deps }) => {
  const lotId = parseId(params.id, "lot id");
  const result = await keyTimelineForActor(deps.clickhouse, actor, "lot", lotId);
  if (result.status === "not-found") throw notFound(`no events name lot ${lotId}`);
  if (result.status === "forbidden") throw forbidden(`lot ${lotId} belongs to plants outside your scope`);
  return Response.json({ lotId, events: result.events, hiddenEvents: result.hiddenEvents });
});
