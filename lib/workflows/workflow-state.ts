import { WORKFLOW_STEPS, WORKFLOWS, type WorkflowName } from "./catalog";

// A workflow instance's state is the SLA engine's verdict (lib/slas/judge-instance.ts); what
// stays here names event types and triggers for pages that list events.

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
