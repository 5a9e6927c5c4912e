import type { SlaState } from "@/lib/slas/evaluate-instance";
import type { WorkflowVerdict } from "@/lib/slas/views/workflow-verdict";
import { formatDuration, formatUtc } from "@/lib/ui/format";
import { SLA_STATE_TEXT, slaSinceText } from "@/lib/ui/status-labels";

const STEP_STYLES = {
  done: "border-emerald-300 bg-emerald-50 text-emerald-900",
  pending: "border-slate-300 border-dashed bg-white text-slate-500",
  failed: "border-red-300 bg-red-50 text-red-800",
  adverse: "border-red-400 bg-red-100 text-red-900",
} as const;
const STEP_MARKS = { done: "✓ ", pending: "", failed: "✕ ", adverse: "⚠ " } as const;

export const SLA_STYLES: Record<SlaState, string> = {
  met: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  open: "bg-sky-50 text-sky-700 ring-sky-600/20",
  at_risk: "bg-amber-50 text-amber-800 ring-amber-600/20",
  breached: "bg-red-50 text-red-700 ring-red-600/20",
};

/** A workflow instance as the SLA engine judges it: its stages in order, done, pending or failed, and its SLA. */
export function WorkflowSteps({ workflow }: { workflow: WorkflowVerdict }) {
  const { sla } = workflow;
  return (
    <div data-testid="workflow-steps" data-sla-state={sla.state} data-status={workflow.status} className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-semibold">{workflow.name}</span>
        <span data-testid="workflow-sla" className={`rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${SLA_STYLES[sla.state]}`}>
          {SLA_STATE_TEXT[sla.state]}
          {sla.state === "at_risk" && sla.atRiskReason === "failed" ? " · hand-off failed" : ""}
        </span>
        <span className="text-xs text-slate-500">
          {formatDuration(sla.elapsedMs)} of {formatDuration(sla.targetMs)} to “{sla.untilLabel}” · {slaSinceText(sla)} (deadline {formatUtc(sla.deadline)})
        </span>
      </div>
      <ol className="flex flex-wrap items-center gap-1.5">
        {workflow.steps.map((step, i) => {
          // A failed inspection that happened is done, but bad news: red, never a green tick.
          const look = step.adverse && step.state === "done" ? "adverse" : step.state;
          return (
            <li key={step.key} className="flex items-center gap-1.5">
              {i > 0 && <span aria-hidden className="text-slate-300">→</span>}
              <span
                data-state={step.state}
                data-adverse={look === "adverse" ? "true" : undefined}
                title={`${step.at ? `${step.system} · ${formatUtc(step.at, true)}` : `${step.system} · ${step.state}`}${look === "adverse" ? " · bad news for the lot" : ""}`}
                className={`rounded-md border px-2 py-1 text-xs font-medium ${STEP_STYLES[look]}`}
              >
                {STEP_MARKS[look]}
                {step.label}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
