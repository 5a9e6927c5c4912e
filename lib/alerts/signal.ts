/**
 * What the SLA engine hands to alerting each evaluation cycle: every condition that is firing
 * now, and those that stopped firing since the last cycle. The id is stable for the life of the
 * condition (the exception inbox keys its workflow state by it), so re-evaluating never makes a
 * new alert out of an old condition.
 */
export type SignalKind = "sla_breach" | "burn_rate" | "non_event";
export type SignalSeverity = "critical" | "warning";

export interface AlertSignal {
  /** Stable: "br:…" (breach), "burn:…" (error-budget burn), "ne:…" (non-event). */
  id: string;
  kind: SignalKind;
  state: "firing" | "resolved";
  severity: SignalSeverity;
  /** Workflow or non-event definition key. */
  definition: string;
  plant: string;
  /** Stage key for a stage breach; "" for end to end, burns and volume non-events. */
  stage: string;
  /** One line for people: "Order release to MES at P100: acknowledgement 4m 10s late". */
  summary: string;
  /** Deep link into Lotline (path, e.g. "/trace/corr-…" or "/slas?workflow=…"). */
  path: string;
  /** When the condition began (a breach: its deadline). */
  startsAt: Date;
  /** Set when resolved. */
  endsAt: Date | null;
  /** Extra labels for routing and grouping (correlation id, lot, order, burn window). */
  labels: Record<string, string>;
}
