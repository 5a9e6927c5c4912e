import type { TraceEvent } from "../queries/get-trace";
import { TELEMETRY_TYPES } from "../workflows/catalog";

export interface TraceStep extends TraceEvent {
  /** Milliseconds since the trace's first event. */
  offsetMs: number;
  /** Milliseconds since the previous event: the hand-off gap. */
  gapMs: number;
  failed: boolean;
}

export interface Trace {
  correlationId: string;
  steps: TraceStep[];
  start: string;
  end: string;
  durationMs: number;
  systems: string[];
  plants: string[];
  lots: string[];
  orders: string[];
  /** History: every failed or dead-lettered event, whatever came after it. */
  failures: number;
  /** History: every event reported as retrying. */
  retries: number;
  /** Final state (see traceOutcome). */
  outcome: TraceOutcome;
}

export type TraceOutcome = "failed" | "recovered" | "ok";

const FAILED = new Set(["failed", "dead_lettered"]);

const distinct = (values: string[]) => [...new Set(values.filter((v) => v !== ""))];

/** Derives the timeline view of a correlation id from its events (already in time order). */
export function buildTrace(correlationId: string, events: TraceEvent[]): Trace {
  const first = events[0];
  const last = events.at(-1);
  if (!first || !last) throw new Error("a trace needs at least one event");
  const t0 = Date.parse(first.time);
  let previous = t0;
  const steps = events.map((e) => {
    const t = Date.parse(e.time);
    const step = { ...e, offsetMs: t - t0, gapMs: t - previous, failed: FAILED.has(e.status) };
    previous = t;
    return step;
  });
  const failures = steps.filter((s) => s.failed).length;
  return {
    correlationId,
    steps,
    start: first.time,
    end: last.time,
    durationMs: Date.parse(last.time) + last.durationMs - t0,
    systems: distinct(steps.map((s) => s.system)),
    plants: distinct(steps.map((s) => s.plant)),
    lots: distinct(steps.map((s) => s.lotId)),
    orders: distinct(steps.map((s) => s.orderId)),
    failures,
    retries: steps.filter((s) => s.status === "retrying").length,
    outcome: traceOutcome(steps),
  };
}

/**
 * A trace's final state, not its history: `failed` when some failure was never followed by a
 * successful delivery of the same message (its latest attempt failed or was dead-lettered and no
 * retry or replay delivered it since, or the failure names no message that could be delivered);
 * `recovered` when everything that failed was delivered later; `ok` when nothing failed. A
 * delivery at the same millisecond as a failure counts as later: a retry cannot precede it.
 */
export function traceOutcome(steps: readonly Pick<TraceStep, "failed" | "messageId" | "type" | "offsetMs">[]): TraceOutcome {
  const deliveredAfter = (failure: (typeof steps)[number]) =>
    failure.messageId !== "" && steps.some((s) => s.type === TELEMETRY_TYPES.delivered && s.messageId === failure.messageId && s.offsetMs >= failure.offsetMs);
  const failed = steps.filter((s) => s.failed);
  if (failed.length === 0) return "ok";
  return failed.every(deliveredAfter) ? "recovered" : "failed";
}
