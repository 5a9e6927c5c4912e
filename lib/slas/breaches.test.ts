import { describe, expect, it } from "vitest";
import { breachId } from "./breaches";

describe("breach ids", () => {
  it("are stable for the same condition and differ between conditions", () => {
    const a = breachId("end_to_end", ["pick-to-ship", "c-1", ""]);
    expect(breachId("end_to_end", ["pick-to-ship", "c-1", ""])).toBe(a);
    expect(a).toMatch(/^br:[0-9a-f]{24}$/);
    expect(breachId("stage", ["pick-to-ship", "c-1", "picked"])).not.toBe(a);
    expect(breachId("end_to_end", ["pick-to-ship", "c-2", ""])).not.toBe(a);
  });

  it("name their family: instance breaches, non-events and budget burns", () => {
    expect(breachId("missing_response", ["order-ack-missing", "c-1"])).toMatch(/^ne:[0-9a-f]{24}$/);
    expect(breachId("volume", ["confirmations-stalled", "P1", "0"])).toMatch(/^ne:[0-9a-f]{24}$/);
    expect(breachId("burn_rate", ["pick-to-ship", "P1", "critical"])).toMatch(/^burn:[0-9a-f]{24}$/);
  });
});
