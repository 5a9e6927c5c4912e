import { ADVERSE_EVENT_TYPES } from "../../lots/lot-state";
import type { CompiledDefinitions } from "../compiled-definitions";
import type { AtRiskReason, InstanceEvaluation, InstanceStatus, SlaState } from "../evaluate-instance";

export type StepState = "done" | "pending" | "failed";

/** What the trace and order pages show of the engine's verdict on one instance. */
export interface WorkflowVerdict {
  key: string;
  name: string;
  status: InstanceStatus;
  sla: {
    state: SlaState;
    atRiskReason: AtRiskReason;
    untilLabel: string;
    targetMs: number;
    /** From the trigger to the closing stage, or to now while it is missing: a completed instance stops counting. */
    elapsedMs: number;
    deadline: string;
    reachedAt: string | null;
    timeToBreachMs: number;
    overByMs: number;
  };
  /** `adverse`: the stage is completed by bad news for a lot (a failed inspection): done, never a success. */
  steps: { key: string; label: string; system: string; state: StepState; at: string | null; adverse: boolean }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toWorkflowVerdict(e: InstanceEvaluation, now: number, compiled: CompiledDefinitions): WorkflowVerdict {
  const t = e.endToEnd;
  const until = e.stages.find((s) => s.key === t.stage);
  const wf = compiled.workflows.find((versions) => versions[0]?.key === e.workflow)?.find((v) => v.version === e.version);
  const adverse = (i: number, system: string) => wf?.stages[i] !== undefined && ADVERSE_EVENT_TYPES.some((type) => wf.stages[i]!(type, system));
  return {
    key: e.workflow,
    name: e.name,
    status: e.status,
    sla: {
      state: t.state,
      atRiskReason: t.atRiskReason,
      untilLabel: until?.label ?? t.stage,
      targetMs: t.targetMs,
      elapsedMs: Math.max(0, (t.reachedAt ?? now) - e.triggerTime),
      deadline: iso(t.deadline),
      reachedAt: t.reachedAt === null ? null : iso(t.reachedAt),
      timeToBreachMs: t.timeToBreachMs,
      overByMs: t.overByMs,
    },
    // A stage not reached is failed once the hand-off failed for good: nothing will deliver it unless replayed.
    steps: e.stages.map((s, i) => ({
      key: s.key,
      label: s.label,
      system: s.system,
      state: s.at !== null ? "done" : e.status === "failed" ? "failed" : "pending",
      at: s.at === null ? null : iso(s.at),
      adverse: adverse(i, s.system),
    })),
  };
}
