import { TELEMETRY_TYPE_PREFIX } from "../events/contract";
import type { TraceEvent } from "../queries/get-trace";
import { TELEMETRY_TYPES } from "../workflows/catalog";

/** How a message ended, judged by its last delivery, failure or dead letter. */
export type MessageOutcome = "delivered" | "recovered" | "failed" | "dead_lettered" | "in_flight";

/** One integration message (one message id on one correlation id) from its middleware telemetry. */
export interface MessageSummary {
  messageId: string;
  correlationId: string;
  plant: string;
  interface: string;
  /** The systems the message went from and to, as the middleware reports them. */
  source: string;
  target: string;
  /** Lots of the pack whose correlation id carried the message. */
  lots: string[];
  outcome: MessageOutcome;
  sentAt: string;
  deliveredAt: string | null;
  /** The first event the target system reported on this correlation id after the delivery: its proof of processing. */
  acknowledgedAt: string | null;
  acknowledgedBy: string;
  attempts: number;
  failures: number;
  retries: number;
  deadLetteredAt: string | null;
  deadLetterQueue: string;
  lastError: string;
  replays: number;
  replayedAt: string | null;
  /** Who replayed it, from the replay telemetry's `replayedBy`; empty when no replay names anyone. */
  replayedBy: string;
}

/** Payload fields that describe the message's route rather than its business content. */
interface Routing {
  interface?: unknown;
  from?: unknown;
  to?: unknown;
  attempt?: unknown;
  attempts?: unknown;
  queue?: unknown;
  replayedBy?: unknown;
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");
const count = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

function routingOf(payload: string): Routing {
  try {
    const parsed: unknown = JSON.parse(payload);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Routing) : {};
  } catch {
    // A payload that is not JSON names no route; the message still counts by its type and status.
    return {};
  }
}

const is = (e: TraceEvent, type: string) => e.type === type;

/**
 * The messages of some correlation ids' events (each correlation's events in time order, payloads
 * already redacted). `lotsOf` names the pack lots each correlation id carried.
 */
export function summarizeMessages(events: readonly TraceEvent[], lotsOf: (correlationId: string) => string[]): MessageSummary[] {
  const byMessage = new Map<string, TraceEvent[]>();
  const business = new Map<string, TraceEvent[]>();
  for (const e of [...events].sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id))) {
    if (e.messageId !== "" && e.type.startsWith(TELEMETRY_TYPE_PREFIX)) {
      const key = `${e.correlationId}\u0000${e.messageId}`;
      byMessage.set(key, [...(byMessage.get(key) ?? []), e]);
    } else if (!e.type.startsWith(TELEMETRY_TYPE_PREFIX)) {
      business.set(e.correlationId, [...(business.get(e.correlationId) ?? []), e]);
    }
  }
  const out: MessageSummary[] = [];
  for (const steps of byMessage.values()) {
    const first = steps[0]!;
    const routes = steps.map((s) => ({ step: s, route: routingOf(s.payload) }));
    const routed = routes.find((r) => text(r.route.to) !== "" || text(r.route.from) !== "")?.route ?? {};
    const target = text(routed.to);
    const delivered = steps.find((s) => is(s, TELEMETRY_TYPES.delivered));
    const failures = steps.filter((s) => s.status === "failed").length;
    const deadLetter = routes.find((r) => is(r.step, TELEMETRY_TYPES.deadLettered));
    const replays = routes.filter((r) => is(r.step, TELEMETRY_TYPES.replayed));
    const terminal = [...steps].reverse().find((s) => is(s, TELEMETRY_TYPES.delivered) || s.status === "dead_lettered" || s.status === "failed");
    const outcome: MessageOutcome = !terminal
      ? "in_flight"
      : is(terminal, TELEMETRY_TYPES.delivered)
        ? failures > 0
          ? "recovered"
          : "delivered"
        : terminal.status === "dead_lettered"
          ? "dead_lettered"
          : "failed";
    const ack = delivered && target !== "" ? (business.get(first.correlationId) ?? []).find((b) => b.system === target && b.time >= delivered.time) : undefined;
    const attempts = Math.max(
      steps.filter((s) => is(s, TELEMETRY_TYPES.delivered) || s.status === "failed").length,
      ...routes.map((r) => Math.max(count(r.route.attempt), count(r.route.attempts))),
    );
    out.push({
      messageId: first.messageId,
      correlationId: first.correlationId,
      plant: first.plant,
      interface: text(routed.interface),
      source: text(routed.from),
      target,
      lots: lotsOf(first.correlationId),
      outcome,
      sentAt: first.time,
      deliveredAt: delivered?.time ?? null,
      acknowledgedAt: ack?.time ?? null,
      acknowledgedBy: ack?.type ?? "",
      attempts,
      failures,
      retries: steps.filter((s) => s.status === "retrying").length,
      deadLetteredAt: deadLetter?.step.time ?? null,
      deadLetterQueue: text(deadLetter?.route.queue),
      lastError: [...steps].reverse().find((s) => s.error !== "")?.error ?? "",
      replays: replays.length,
      replayedAt: replays.at(-1)?.step.time ?? null,
      replayedBy: [...new Set(replays.map((r) => text(r.route.replayedBy)).filter((by) => by !== ""))].join(", "),
    });
  }
  return out.sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.messageId.localeCompare(b.messageId));
}
