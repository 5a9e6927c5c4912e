import type { TraceOutcome } from "../trace/build-trace";

/**
 * The one map of status words to what pages show: an event's `status` (docs/event-contract.md)
 * and a trace's `outcome` (docs/api.md). A word missing here is shown as it is.
 */
export const STATUS_LABELS: Record<string, string> = {
  ok: "ok",
  pending: "pending",
  retrying: "retrying",
  failed: "failed",
  dead_lettered: "dead-lettered",
  recovered: "recovered",
};

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
