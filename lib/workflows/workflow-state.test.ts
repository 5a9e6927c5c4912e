import { describe, expect, it } from "vitest";
import { eventLabel, workflowTriggeredBy } from "./workflow-state";

// Step state and SLA were judged here per page until the SLA engine took over; their cases
// (dead letters, late and missing closing steps) now live in lib/slas/views/workflow-verdict.test.ts.
describe("workflow vocabulary", () => {
  it("names the default workflow an event type starts", () => {
    expect(workflowTriggeredBy("mfg.inspection.failed")).toBe("inspection-to-hold");
    expect(workflowTriggeredBy("mfg.hold.placed")).toBeNull();
  });

  it("labels event types for people", () => {
    expect(eventLabel("mfg.stock.status_updated")).toBe("Stock status updated");
  });
});
