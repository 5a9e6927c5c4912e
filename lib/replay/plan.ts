import type { ReplayMessage } from "./message-lookup";
import { messageKey } from "./message-key";

export const SKIP_REASONS = {
  not_found: "no such message (or not in your plants)",
  already_delivered: "the message was delivered; nothing to replay",
  already_replayed: "already replayed successfully",
  superseded: "a newer message of the same interface for the same business key was delivered since",
  in_flight: "the middleware is still working on it",
  no_target: "no enabled replay target for its interface",
  cancelled: "the task was cancelled before it was sent",
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

export interface TargetSummary {
  interface: string;
  kind: "http" | "kafka";
  destination: string;
}

export interface PlannedItem {
  correlationId: string;
  messageId: string;
  interface: string;
  plant: string;
  skip: { reason: SkipReason; detail: string } | null;
}

export interface ReplayPlan {
  items: PlannedItem[];
  toSend: number;
  skipped: number;
  skippedByReason: Partial<Record<SkipReason, number>>;
  targets: (TargetSummary & { count: number })[];
  lots: string[];
  orders: string[];
  plants: string[];
}

export interface PlanInput {
  /** The pairs asked for, in the order to send them. */
  pairs: readonly { correlationId: string; messageId: string }[];
  messages: ReadonlyMap<string, ReplayMessage>;
  targets: ReadonlyMap<string, TargetSummary>;
  /** Deliveries per `<interface>\0lot:<id>` / `<interface>\0order:<id>` (see latestDeliveries). */
  deliveries: ReadonlyMap<string, readonly { time: string; correlationId: string; messageId: string }[]>;
  /** Messages some earlier replay task already delivered to its target. */
  replayedBefore: ReadonlySet<string>;
  canSeePlant(plant: string): boolean;
}

function supersededBy(m: ReplayMessage, deliveries: PlanInput["deliveries"]) {
  const keys = [...m.lots.map((l) => `lot:${l}`), ...m.orders.map((o) => `order:${o}`)];
  for (const key of keys) {
    for (const d of deliveries.get(`${m.interface}\u0000${key}`) ?? []) {
      if (d.time > m.receivedAt && !(d.correlationId === m.correlationId && d.messageId === m.messageId)) return { key, ...d };
    }
  }
  return null;
}

/** Decides, for each message asked for, whether it is sent and where, or why not: the dry run and the task agree by construction. */
export function planReplay(input: PlanInput): ReplayPlan {
  const seen = new Set<string>();
  const items: PlannedItem[] = [];
  for (const pair of input.pairs) {
    const key = messageKey(pair.correlationId, pair.messageId);
    if (seen.has(key)) continue;
    seen.add(key);
    const m = input.messages.get(key);
    if (!m || !input.canSeePlant(m.plant)) {
      items.push({ ...pair, interface: m?.interface ?? "", plant: "", skip: { reason: "not_found", detail: SKIP_REASONS.not_found } });
      continue;
    }
    const skip = (reason: SkipReason, detail: string = SKIP_REASONS[reason]) => items.push({ ...pair, interface: m.interface, plant: m.plant, skip: { reason, detail } });
    if (m.replayedOk || input.replayedBefore.has(key)) {
      skip("already_replayed");
      continue;
    }
    if (m.outcome === "delivered") {
      skip("already_delivered");
      continue;
    }
    if (m.outcome === "in_flight") {
      skip("in_flight");
      continue;
    }
    const newer = supersededBy(m, input.deliveries);
    if (newer) {
      skip("superseded", `message ${newer.messageId} of ${m.interface} for ${newer.key.replace(":", " ")} was delivered at ${newer.time}`);
      continue;
    }
    if (!input.targets.has(m.interface)) {
      skip("no_target", `no enabled replay target for ${m.interface || "(no interface)"}`);
      continue;
    }
    items.push({ ...pair, interface: m.interface, plant: m.plant, skip: null });
  }
  const sending = items.filter((i) => i.skip === null);
  const skippedByReason: Partial<Record<SkipReason, number>> = {};
  for (const i of items) if (i.skip) skippedByReason[i.skip.reason] = (skippedByReason[i.skip.reason] ?? 0) + 1;
  const perTarget = new Map<string, number>();
  for (const i of sending) perTarget.set(i.interface, (perTarget.get(i.interface) ?? 0) + 1);
  const sentMessages = sending.map((i) => input.messages.get(messageKey(i.correlationId, i.messageId))!);
  return {
    items,
    toSend: sending.length,
    skipped: items.length - sending.length,
    skippedByReason,
    targets: [...perTarget].map(([iface, count]) => ({ ...input.targets.get(iface)!, count })).sort((a, b) => b.count - a.count),
    lots: [...new Set(sentMessages.flatMap((m) => m.lots))].sort(),
    orders: [...new Set(sentMessages.flatMap((m) => m.orders))].sort(),
    plants: [...new Set(sentMessages.map((m) => m.plant).filter((p) => p !== ""))].sort(),
  };
}
