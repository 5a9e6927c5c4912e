import type { TraceEvent } from "../queries/get-trace";

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
  failures: number;
  retries: number;
  outcome: "failed" | "recovered" | "ok";
}

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
  const deadLettered = steps.some((s) => s.status === "dead_lettered");
  // A failure counts as recovered when a later delivery of the same message succeeded.
  const unrecovered = steps.some(
    (s) => s.failed && !steps.some((later) => later.offsetMs >= s.offsetMs && later.messageId === s.messageId && later.messageId !== "" && later.type.endsWith(".delivered")),
  );
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
    outcome: deadLettered || unrecovered ? "failed" : failures > 0 ? "recovered" : "ok",
  };
}
