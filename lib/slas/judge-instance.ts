import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { evaluateInstance, type InstanceAggregate, type InstanceEvaluation, type StageLatency } from "./evaluate-instance";
import { loadInstanceAggregates, withLinkedEvents } from "./instance-aggregates";
import type { ViewDefinitions } from "./view-definitions";

// The page judges on the spot from the instance aggregate, so its verdict is current to the last
// event. It leaves out the evaluator's latency-based "at risk" (recent p95s live in the job),
// so a page may call open what the worklist already calls at risk for latency; never the reverse.
const NO_LATENCY: StageLatency = { p95: () => undefined };

/**
 * The engine's verdict on aggregates a page read beside its events (in the same round trip),
 * keyed by id; ids that belong to no workflow are absent. Linked events are read only when a
 * definition has a stage carried by an order or lot.
 */
export async function judgeAggregates(ch: ClickHouseClient, aggregates: InstanceAggregate[], view: Pick<ViewDefinitions, "compiled" | "clock">, now = Date.now()): Promise<Map<string, InstanceEvaluation>> {
  const complete = view.compiled.needsLinkedEvents ? await withLinkedEvents(ch, aggregates) : aggregates;
  const out = new Map<string, InstanceEvaluation>();
  for (const a of complete) {
    const e = evaluateInstance(a, view.compiled, view.clock, NO_LATENCY, now);
    if (e) out.set(a.correlationId, e);
  }
  return out;
}

/** The engine's verdict on these correlation ids now, keyed by id; ids that belong to no workflow are absent. */
export async function judgeInstances(ch: ClickHouseClient, correlationIds: readonly string[], view: Pick<ViewDefinitions, "compiled" | "clock">, now = Date.now()): Promise<Map<string, InstanceEvaluation>> {
  return judgeAggregates(ch, await loadInstanceAggregates(ch, [...new Set(correlationIds)]), view, now);
}

/** One correlation id's verdict, or null when it belongs to no workflow. */
export async function judgeInstance(ch: ClickHouseClient, correlationId: string, view: Pick<ViewDefinitions, "compiled" | "clock">, now = Date.now()): Promise<InstanceEvaluation | null> {
  return (await judgeInstances(ch, [correlationId], view, now)).get(correlationId) ?? null;
}
