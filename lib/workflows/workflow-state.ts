import { WORKFLOW_SLAS, WORKFLOW_STEPS, WORKFLOWS, type WorkflowName } from "./catalog";

export interface WorkflowEvent {
  type: string;
  kind: "business" | "telemetry";
  time: string;
}

export type StepState = "done" | "pending" | "failed";
export type SlaState = "met" | "breached" | "at_risk" | "open";

export interface WorkflowState {
  name: WorkflowName;
  steps: { type: string; label: string; state: StepState; at: string | null }[];
  sla: { until: string; targetMs: number; elapsedMs: number; state: SlaState };
  complete: boolean;
}

/** Share of the SLA target after which an open instance counts as at risk. */
export const AT_RISK_SHARE = 0.8;

const TRIGGERS = new Map<string, WorkflowName>(WORKFLOWS.map((w) => [WORKFLOW_STEPS[w][0], w]));

/** "mfg.hold.placed" → "Hold placed". */
export function eventLabel(type: string): string {
  const words = type.split(".").slice(1).join(" ").replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The default workflow an event type starts, if any. */
export function workflowTriggeredBy(type: string): WorkflowName | null {
  return TRIGGERS.get(type) ?? null;
}

/** The default workflow a correlation id belongs to: the one its first business event triggers. */
export function identifyWorkflow(events: readonly WorkflowEvent[]): WorkflowName | null {
  const trigger = events.find((e) => e.kind === "business");
  return trigger ? (TRIGGERS.get(trigger.type) ?? null) : null;
}

/**
 * Step state and SLA of one workflow instance from its events (time order). Steps not seen are
 * pending, or failed when the instance's hand-off failed for good (`failed`); the SLA runs from
 * the trigger to the step the brief names for it.
 */
export function workflowState(name: WorkflowName, events: readonly WorkflowEvent[], failed: boolean, now: number): WorkflowState {
  const business = events.filter((e) => e.kind === "business");
  const used = new Set<number>();
  const steps = WORKFLOW_STEPS[name].map((type) => {
    const index = business.findIndex((e, i) => !used.has(i) && e.type === type);
    if (index >= 0) used.add(index);
    const at = index >= 0 ? business[index]!.time : null;
    const state: StepState = at ? "done" : failed ? "failed" : "pending";
    return { type, label: eventLabel(type), state, at };
  });
  const { until, ms } = WORKFLOW_SLAS[name];
  const start = Date.parse(steps[0]?.at ?? business[0]?.time ?? new Date(now).toISOString());
  const reached = steps.find((s) => s.type === until)?.at;
  const elapsedMs = (reached ? Date.parse(reached) : now) - start;
  const state: SlaState = reached ? (elapsedMs <= ms ? "met" : "breached") : elapsedMs > ms ? "breached" : elapsedMs > ms * AT_RISK_SHARE ? "at_risk" : "open";
  return { name, steps, sla: { until, targetMs: ms, elapsedMs, state }, complete: steps.every((s) => s.state === "done") };
}
