import type { SlaState } from "../slas/evaluate-instance";
import type { TraceOutcome } from "../trace/build-trace";
import { formatCountOf, formatDuration } from "./format";

/**
 * The one map of status words to what pages show: an event's `status` (docs/event-contract.md),
 * a trace's `outcome` (docs/api.md), the SLA engine's instance status and SLA state, replay task
 * and item states, exception group states, alert states, API token states, the Kafka consumer's
 * state, and the status words a lot carries in each system (migration 0003: a stock status, a
 * word per business event type, or the event type's last segment such as `tasks_released`).
 * A word missing here is shown with its underscores as spaces (`quality_hold` → "quality hold").
 */
export const STATUS_LABELS: Record<string, string> = {
  ok: "ok",
  pending: "pending",
  retrying: "retrying",
  failed: "failed",
  dead_lettered: "dead-lettered",
  recovered: "recovered",
  open: "open",
  completed: "completed",
  at_risk: "at risk",
  breached: "breached",
  met: "met",
  awaiting_approval: "awaiting approval",
  running: "running",
  cancelling: "cancelling",
  cancelled: "cancelled",
  sending: "sending",
  succeeded: "succeeded",
  skipped: "skipped",
  // A user account (lib/users/user-view.ts).
  active: "active",
  disabled: "disabled",
  awaiting_password: "awaiting password",
  // What a lot's systems say (lib/lots/divergence.ts decides which words block or release it):
  // WMS's word is the last segment of mfg.warehouse.tasks_released, which alone says not whose tasks.
  tasks_released: "warehouse tasks released",
  // The Kafka consumer (ingest/sources/kafka.ts): backing off means ClickHouse refused a write.
  starting: "starting",
  "backing-off": "retrying ClickHouse",
  stopped: "stopped",
  // A lot's quality standing (lib/lots/lot-state.ts) and the flags of an object's header.
  rejected: "rejected",
  held: "held",
  released: "released",
  divergent: "divergent",
  input_rejected: "input lot rejected",
  input_held: "input lot held",
  output_rejected: "output lot rejected",
  output_held: "output lot held",
  inspection_failed: "inspection failed",
};

/**
 * A status word as pages show it. Systems spell the same word differently (`QUALITY_HOLD`,
 * `quality hold`), so a word not in the map is looked up lower-cased, then shown with spaces.
 */
export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? STATUS_LABELS[status.toLowerCase()] ?? status.replaceAll("_", " ");
}

/** Alert and delivery states where the plain word would mislead: "pending" here is a notice not yet sent. */
export const ALERT_STATUS_TEXT: Record<string, string> = { pending: "send owed", resolving: "resolved notice owed" };

/** An exception group's quality risk (lib/exceptions/priority.ts), as the inbox ranks it. */
export const QUALITY_RISK_TEXT: Record<string, string> = { critical: "critical", high: "high", normal: "normal", low: "low" };

/** An SLA state beside a workflow, where "open" alone would not say what is open. */
export const SLA_STATE_TEXT: Record<SlaState, string> = { met: "SLA met", open: "SLA running", at_risk: "SLA at risk", breached: "SLA breached" };

/** Since when, as the worklist and the trace say it: how late, how long left, or when it was met. */
export function slaSinceText(sla: { state: SlaState; timeToBreachMs: number; overByMs: number }): string {
  if (sla.state === "breached") return `over by ${formatDuration(sla.overByMs)}`;
  if (sla.state === "met") return "met in time";
  return `${formatDuration(Math.max(0, sla.timeToBreachMs))} to breach`;
}

/** What a trace's final state means, beside its badge; the history (failures, retries) is shown apart. */
export const TRACE_OUTCOME_TEXT: Record<TraceOutcome, string> = {
  ok: "Completed, nothing failed",
  recovered: "Delivered: every failure was retried or replayed successfully",
  failed: "Failed: a message's latest attempt failed and nothing delivered it since",
};

/** "3 failures, 1 retry": a trace's history, whatever its final state. */
export function historyText(failures: number, retries: number): string {
  return `${formatCountOf(failures, "failure")}, ${formatCountOf(retries, "retry", "retries")}`;
}
