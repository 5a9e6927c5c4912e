import type { SlaState } from "../slas/evaluate-instance";
import type { TraceOutcome } from "../trace/build-trace";
import { formatDuration } from "./format";

/**
 * The one map of status words to what pages show: an event's `status` (docs/event-contract.md)
 * a trace's `outcome` (docs/api.md), the SLA engine's instance status and SLA state, and a lot's
 * quality standing with the impact flags of a page header. A word missing here is shown as it is.
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

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

/** "3 failures, 1 retry": a trace's history, whatever its final state. */
export function historyText(failures: number, retries: number): string {
  return `${failures} failure${failures === 1 ? "" : "s"}, ${retries} retr${retries === 1 ? "y" : "ies"}`;
}
