import { describe, expect, it } from "vitest";
import { eventLabel, identifyWorkflow, workflowState, type WorkflowEvent } from "./workflow-state";

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 24, 8, 0) + minutes * 60_000).toISOString();
const ev = (type: string, minutes: number, kind: WorkflowEvent["kind"] = "business"): WorkflowEvent => ({ type, kind, time: at(minutes) });

describe("workflow state", () => {
  it("names a workflow by its trigger, ignoring telemetry before it", () => {
    expect(identifyWorkflow([ev("integration.message.received", 0, "telemetry"), ev("mfg.inspection.failed", 1)])).toBe("inspection-to-hold");
    expect(identifyWorkflow([ev("mfg.hold.placed", 0)])).toBeNull();
    expect(identifyWorkflow([])).toBeNull();
  });

  it("marks steps done in order and the SLA met when the hold came within 5 minutes", () => {
    const s = workflowState("inspection-to-hold", [ev("mfg.inspection.failed", 0), ev("integration.message.delivered", 1, "telemetry"), ev("mfg.hold.placed", 4)], false, Date.parse(at(60)));
    expect(s.steps.map((x) => x.state)).toEqual(["done", "done", "pending", "pending"]);
    expect(s.steps[1]!.label).toBe("Hold placed");
    expect(s.sla).toMatchObject({ state: "met", elapsedMs: 4 * 60_000, targetMs: 5 * 60_000 });
    expect(s.complete).toBe(false);
  });

  it("breaches when the closing step came late, and while open past the target", () => {
    expect(workflowState("inspection-to-hold", [ev("mfg.inspection.failed", 0), ev("mfg.hold.placed", 7)], false, Date.parse(at(8))).sla.state).toBe("breached");
    expect(workflowState("inspection-to-hold", [ev("mfg.inspection.failed", 0)], false, Date.parse(at(6))).sla.state).toBe("breached");
    expect(workflowState("inspection-to-hold", [ev("mfg.inspection.failed", 0)], false, Date.parse(at(4.5))).sla.state).toBe("at_risk");
    expect(workflowState("inspection-to-hold", [ev("mfg.inspection.failed", 0)], false, Date.parse(at(1))).sla.state).toBe("open");
  });

  it("marks missing steps failed when the hand-off failed for good, and counts repeated steps once each", () => {
    const failed = workflowState("inspection-to-hold", [ev("mfg.inspection.failed", 0)], true, Date.parse(at(1)));
    expect(failed.steps.map((x) => x.state)).toEqual(["done", "failed", "failed", "failed"]);
    const disposition = workflowState("disposition-to-release", [ev("mfg.disposition.approved", 0), ev("mfg.stock.status_updated", 3)], false, Date.parse(at(4)));
    expect(disposition.steps.map((x) => x.state)).toEqual(["done", "done", "pending", "pending"]);
  });

  it("labels event types for people", () => {
    expect(eventLabel("mfg.stock.status_updated")).toBe("Stock status updated");
  });
});
