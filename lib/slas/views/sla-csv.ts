import { toCsv } from "../../csv/to-csv";
import type { InstanceRow } from "../queries/instances";
import type { LotException } from "../queries/lot-exceptions";
import type { SlaSummary, TrendRow } from "./sla-summary";

/** The heatmap as rows: one per workflow and plant, plus the workflow's all-plants total. */
export function summaryCsv(summary: SlaSummary, days: { first: string; last: string }): string {
  const rows = summary.workflows.flatMap((w) => [
    ...Object.entries(w.cells).map(([plant, c]) => [days.first, days.last, w.key, plant, w.objective, c.decided, c.met, c.attainment, c.budgetLeft, c.health]),
    [days.first, days.last, w.key, "(all)", w.objective, w.total.decided, w.total.met, w.total.attainment, w.total.budgetLeft, w.total.health],
  ]);
  return toCsv([["from_day", "to_day", "workflow", "plant", "objective", "decided", "met", "attainment", "budget_left", "health"], ...rows]);
}

export function trendCsv(series: readonly { key: string }[], rows: readonly TrendRow[]): string {
  return toCsv([["day", "decided", "breached", ...series.map((s) => `${s.key}_attainment_pct`)], ...rows.map((r) => [r.day, r.decided, r.breached, ...series.map((s) => r[s.key] ?? "")])]);
}

export function instancesCsv(items: readonly InstanceRow[]): string {
  return toCsv([
    ["correlation_id", "workflow", "plant", "status", "sla_state", "current_stage", "trigger_time", "deadline", "reached_at", "time_to_breach_ms", "over_by_ms", "at_risk_reason", "failures", "retries", "dead_letters", "orders", "lots"],
    ...items.map((i) => [i.correlationId, i.workflow, i.plant, i.status, i.slaState, i.currentStage, i.triggerTime, i.deadline, i.reachedAt, i.timeToBreachMs, i.overByMs, i.atRiskReason, i.failures, i.retries, i.deadLetters, i.orders.join(" "), i.lots.join(" ")]),
  ]);
}

export function lotExceptionsCsv(items: readonly LotException[]): string {
  return toCsv([
    ["lot_id", "plant", "held_since", "blocked_in", "divergent", "divergent_since", "released_in"],
    ...items.map((l) => [l.lotId, l.plant, l.heldSince, l.blocked.map((b) => `${b.system}:${b.status}`).join(" "), l.divergent, l.divergentSince, l.releasedIn.join(" ")]),
  ]);
}

export function csvResponse(body: string, name: string): Response {
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}.csv"` } });
}
