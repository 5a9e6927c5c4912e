import "server-only";
import { canSeePlant, type Actor } from "../auth/actor";
import { hasPermission } from "../auth/roles";
import { getConfig } from "../config";
import { getKeyTimeline, type TraceEvent } from "../queries/get-trace";
import { redactPayload } from "./redact";

export type TimelineEvent = Omit<TraceEvent, "payload"> & { payload?: string };

export type KeyTimelineResult = { status: "not-found" } | { status: "forbidden" } | { status: "ok"; events: TimelineEvent[]; hiddenEvents: number };

/** A lot's or order's whole story as this actor may see it: same plant and payload rules as one trace. */
export async function keyTimelineForActor(actor: Actor, kind: "lot" | "order", id: string): Promise<KeyTimelineResult> {
  const events = await getKeyTimeline(kind, id);
  if (events.length === 0) return { status: "not-found" };
  const visible = events.filter((e) => canSeePlant(actor, e.plant));
  if (visible.length === 0) return { status: "forbidden" };
  const canReadPayload = hasPermission(actor.role, "events:read_payload");
  const { redactFields } = getConfig();
  return {
    status: "ok",
    events: visible.map(({ payload, ...e }) => (canReadPayload ? { ...e, payload: redactPayload(payload, redactFields).payload } : e)),
    hiddenEvents: events.length - visible.length,
  };
}
