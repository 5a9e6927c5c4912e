import { describe, expect, it } from "vitest";
import { ALERT_STATUS_TEXT, historyText, slaSinceText, statusLabel, STATUS_LABELS } from "./status-labels";

describe("status labels", () => {
  it("labels the status words of events and traces", () => {
    expect(statusLabel("dead_lettered")).toBe("dead-lettered");
    expect(statusLabel("recovered")).toBe("recovered");
    expect(statusLabel("awaiting_approval")).toBe("awaiting approval");
  });

  it("labels the words a lot's systems report, whatever their case", () => {
    expect(statusLabel("tasks_released")).toBe("warehouse tasks released");
    expect(statusLabel("TASKS_RELEASED")).toBe("warehouse tasks released");
    expect(statusLabel("unrestricted")).toBe("unrestricted");
  });

  it("says what the Kafka consumer's state means", () => {
    expect(statusLabel("backing-off")).toBe("retrying ClickHouse");
    expect(statusLabel("running")).toBe("running");
  });

  it("falls back to the word itself, with underscores as spaces", () => {
    expect(statusLabel("quarantined")).toBe("quarantined");
    expect(statusLabel("quality_hold")).toBe("quality hold");
    expect(statusLabel("QUALITY_HOLD")).toBe("QUALITY HOLD");
    expect(statusLabel("")).toBe("");
  });

  it("never shows a raw snake_case word for a mapped status", () => {
    for (const label of Object.values(STATUS_LABELS)) expect(label).not.toMatch(/_/);
    for (const label of Object.values(ALERT_STATUS_TEXT)) expect(label).not.toMatch(/_/);
  });

  it("labels a lot's standing and the impact flags of a page header", () => {
    expect(statusLabel("held")).toBe("held");
    expect(statusLabel("divergent")).toBe("divergent");
    expect(statusLabel("input_rejected")).toBe("input lot rejected");
    expect(statusLabel("output_held")).toBe("output lot held");
    expect(statusLabel("inspection_failed")).toBe("inspection failed");
  });

  it("states a trace's history in counts", () => {
    expect(historyText(3, 1)).toBe("3 failures, 1 retry");
    expect(historyText(1, 0)).toBe("1 failure, 0 retries");
  });

  it("labels SLA states and says since when", () => {
    expect(statusLabel("at_risk")).toBe("at risk");
    expect(slaSinceText({ state: "breached", timeToBreachMs: -90_000, overByMs: 90_000 })).toBe("over by 1 min 30 s");
    expect(slaSinceText({ state: "at_risk", timeToBreachMs: 45_000, overByMs: 0 })).toBe("45.0 s to breach");
    expect(slaSinceText({ state: "met", timeToBreachMs: -1, overByMs: 0 })).toBe("met in time");
  });
});
