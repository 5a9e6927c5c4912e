import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { canSeePlant, type Actor } from "../auth/actor";
import { hasPermission } from "../auth/roles";
import { getConfig } from "../config";
import { getLotFacts } from "../queries/get-lot-facts";
import { getKeyTimeline, type TraceEvent } from "../queries/get-trace";
import { redactPayload } from "./redact";

export type TimelineEvent = Omit<TraceEvent, "payload"> & { payload?: string };

export type KeyTimelineResult = { status: "not-found" } | { status: "forbidden" } | { status: "ok"; events: TimelineEvent[]; hiddenEvents: number };

/**
 * A lot's or order's whole story as this actor may see it: a lot's only for those who may open the
 * lot (its plant, as on its page), then the same plant and payload rules as one trace.
 */
export async function keyTimelineForActor(ch: ClickHouseClient, actor: Actor, kind: "lot" | "order", id: string): Promise<KeyTimelineResult> {
  const [events, lot] = await Promise.all([getKeyTimeline(ch, kind, id), kind === "lot" ? getLotFacts(ch, [id]).then((facts) => facts.get(id)) : undefined]);
  if (events.length === 0) return { status: "not-found" };
  if (lot && !canSeePlant(actor, lot.plant)) return { status: "forbidden" };
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
