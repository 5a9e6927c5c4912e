import type { AlertSignal, SignalKind } from "../alerts/signal";
import type { BreachKind, BreachRecord } from "./breaches";

const SIGNAL_KIND: Record<BreachKind, SignalKind> = { end_to_end: "sla_breach", stage: "sla_breach", missing_response: "non_event", volume: "non_event", burn_rate: "burn_rate" };

/** A stored breach as alerting sees it: firing while open, resolved once closed. */
export function breachSignal(b: BreachRecord): AlertSignal {
  const path = b.correlationId
    ? `/trace/${encodeURIComponent(b.correlationId)}`
    : `/slas?${new URLSearchParams({ workflow: b.definition, ...(b.plant ? { plant: b.plant } : {}) }).toString()}`;
  return {
    id: b.breachId,
    kind: SIGNAL_KIND[b.kind],
    state: b.status === "open" ? "firing" : "resolved",
    severity: b.severity,
    definition: b.definition,
    plant: b.plant,
    stage: b.stage,
    summary: b.summary,
    path,
    startsAt: new Date(b.startedAt),
    endsAt: b.endedAt === null ? null : new Date(b.endedAt),
    labels: { ...b.labels, breach_kind: b.kind },
  };
}
