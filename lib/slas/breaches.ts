import { createHash } from "node:crypto";
import { formatDuration } from "../ui/format";
import type { InstanceEvaluation, MissingResponseEvaluation, TargetEvaluation } from "./evaluate-instance";

export type BreachKind = "end_to_end" | "stage" | "missing_response" | "volume" | "burn_rate";
export type BreachSeverity = "critical" | "warning";

/** A breach as stored: open while the condition holds, closed (with its end) once it stops. */
export interface BreachRecord {
  breachId: string;
  kind: BreachKind;
  severity: BreachSeverity;
  /** Workflow or non-event definition key. */
  definition: string;
  plant: string;
  stage: string;
  correlationId: string;
  startedAt: number;
  endedAt: number | null;
  overByMs: number;
  status: "open" | "closed";
  summary: string;
  labels: Record<string, string>;
}

const PREFIX: Record<BreachKind, string> = { end_to_end: "br", stage: "br", missing_response: "ne", volume: "ne", burn_rate: "burn" };

/** Stable for the life of the condition: the same parts always give the same id. */
export function breachId(kind: BreachKind, parts: readonly string[]): string {
  return `${PREFIX[kind]}:${createHash("sha256").update([kind, ...parts].join("\u001f")).digest("hex").slice(0, 24)}`;
}

function targetBreach(e: InstanceEvaluation, t: TargetEvaluation): BreachRecord {
  const stage = e.stages.find((s) => s.key === t.stage);
  const what = t.kind === "end_to_end" ? `${stage?.label ?? t.stage} (end to end)` : (stage?.label ?? t.stage);
  const closed = t.reachedAt !== null;
  return {
    breachId: breachId(t.kind, [e.workflow, e.correlationId, t.kind === "stage" ? t.stage : ""]),
    kind: t.kind,
    severity: t.kind === "end_to_end" ? "critical" : "warning",
    definition: e.workflow,
    plant: e.plant,
    stage: t.kind === "stage" ? t.stage : "",
    correlationId: e.correlationId,
    startedAt: t.deadline,
    endedAt: t.reachedAt,
    overByMs: t.overByMs,
    status: closed ? "closed" : "open",
    summary: `${e.name} at ${e.plant || "no plant"}: ${what} ${closed ? `came ${formatDuration(t.overByMs)} late` : `is ${formatDuration(t.overByMs)} overdue`} (target ${formatDuration(t.targetMs)})`,
    labels: {
      correlation_id: e.correlationId,
      workflow_version: String(e.version),
      ...(e.lots[0] ? { lot_id: e.lots[0] } : {}),
      ...(e.orders[0] ? { order_id: e.orders[0] } : {}),
    },
  };
}

/** The breaches an evaluated instance has (each target whose deadline passed). */
export function instanceBreaches(e: InstanceEvaluation): BreachRecord[] {
  return [e.endToEnd, ...e.stageTargets].filter((t) => t.state === "breached").map((t) => targetBreach(e, t));
}

export function missingResponseBreach(m: MissingResponseEvaluation, now: number): BreachRecord | null {
  if (m.state !== "missing" && m.state !== "late") return null;
  const closed = m.responseAt !== null;
  const overBy = (m.responseAt ?? now) - m.deadline;
  return {
    breachId: breachId("missing_response", [m.key, m.correlationId]),
    kind: "missing_response",
    severity: "critical",
    definition: m.key,
    plant: m.plant,
    stage: "",
    correlationId: m.correlationId,
    startedAt: m.deadline,
    endedAt: m.responseAt,
    overByMs: overBy,
    status: closed ? "closed" : "open",
    summary: `${m.name} at ${m.plant || "no plant"}: ${closed ? `the response came ${formatDuration(overBy)} late` : `no response ${formatDuration(overBy)} after the deadline`}`,
    labels: { correlation_id: m.correlationId, definition_version: String(m.version) },
  };
}
