import { describe, expect, it } from "vitest";
import { historyText, statusLabel } from "./status-labels";

describe("status labels", () => {
  it("labels the status words of events and traces, and shows an unknown word as it is", () => {
    expect(statusLabel("dead_lettered")).toBe("dead-lettered");
    expect(statusLabel("recovered")).toBe("recovered");
    expect(statusLabel("quarantined")).toBe("quarantined");
  });

  it("states a trace's history in counts", () => {
    expect(historyText(3, 1)).toBe("3 failures, 1 retry");
    expect(historyText(1, 0)).toBe("1 failure, 0 retries");
  });
});
