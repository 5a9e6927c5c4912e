import { describe, expect, it } from "vitest";
import { attainment, budgetHealth, budgetRemaining, burnRate, burnStates, type BurnWindow, type WindowCounts } from "./burn-rate";

const windows = (rates: Partial<Record<BurnWindow, WindowCounts>>): Record<BurnWindow, WindowCounts> => ({
  "5m": { total: 0, bad: 0 },
  "30m": { total: 0, bad: 0 },
  "1h": { total: 0, bad: 0 },
  "6h": { total: 0, bad: 0 },
  ...rates,
});

describe("error budget arithmetic", () => {
  it("burn rate is the bad share over the allowed share", () => {
    expect(burnRate({ total: 1000, bad: 10 }, 0.99)).toBeCloseTo(1);
    expect(burnRate({ total: 100, bad: 50 }, 0.9)).toBeCloseTo(5);
    expect(burnRate({ total: 0, bad: 0 }, 0.99)).toBeNull();
  });

  it("budget left: 1 untouched, 0 spent, negative overspent", () => {
    expect(budgetRemaining({ total: 1000, bad: 0 }, 0.99)).toBe(1);
    expect(budgetRemaining({ total: 1000, bad: 5 }, 0.99)).toBeCloseTo(0.5);
    expect(budgetRemaining({ total: 1000, bad: 10 }, 0.99)).toBeCloseTo(0);
    expect(budgetRemaining({ total: 1000, bad: 30 }, 0.99)).toBeCloseTo(-2);
    expect(attainment({ total: 8, bad: 2 })).toBe(0.75);
  });

  it("health buckets of the remaining budget", () => {
    expect([null, -0.1, 0, 0.1, 0.3, 0.6, 0.8].map(budgetHealth)).toEqual(["no_data", "exhausted", "exhausted", "unhealthy", "attention", "observe", "healthy"]);
  });
});

describe("multiwindow, multi-burn-rate (SRE workbook)", () => {
  const objective = 0.99;
  it("fires the 14.4× page only when both 1 h and 5 min burn faster", () => {
    const fast = { total: 1000, bad: 150 }; // 15×
    expect(burnStates(windows({ "1h": fast, "5m": fast }), objective).map((s) => s.severity)).toEqual(["critical"]);
    // The burn stopped: the 5-minute window is clean, so the alert resets although the hour still shows it.
    expect(burnStates(windows({ "1h": fast, "5m": { total: 100, bad: 0 } }), objective)).toEqual([]);
    // Exactly 14.4× is not above the threshold.
    expect(burnStates(windows({ "1h": { total: 1000, bad: 144 }, "5m": { total: 1000, bad: 144 } }), objective)).toEqual([]);
  });

  it("fires the 6× ticket over 6 h and 30 min, and both at once when both burn", () => {
    const slow = { total: 1000, bad: 70 }; // 7×
    expect(burnStates(windows({ "6h": slow, "30m": slow }), objective)).toEqual([expect.objectContaining({ severity: "warning", factor: 6, long: "6h", short: "30m" })]);
    const fast = { total: 1000, bad: 200 };
    expect(burnStates(windows({ "1h": fast, "5m": fast, "6h": fast, "30m": fast }), objective).map((s) => s.severity)).toEqual(["critical", "warning"]);
  });

  it("stays quiet without data", () => {
    expect(burnStates(windows({}), objective)).toEqual([]);
  });
});
