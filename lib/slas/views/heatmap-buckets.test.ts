import { describe, expect, it } from "vitest";
import { cellHealth, formatAttainment, formatBudget, HEALTH_CLASSES, HEALTH_ORDER } from "./heatmap-buckets";

describe("heatmap buckets", () => {
  it("colours by budget left against the workflow's objective", () => {
    // 99 % objective: 1 % of 1000 = 10 breaches allowed.
    expect(cellHealth(1000, 1000, 0.99)).toEqual({ attainment: 1, budgetLeft: 1, health: "healthy" });
    expect(cellHealth(1000, 998, 0.99).health).toBe("healthy"); // 80 % left
    expect(cellHealth(1000, 997, 0.99).health).toBe("observe"); // 70 %
    expect(cellHealth(1000, 994, 0.99).health).toBe("attention"); // 40 %
    expect(cellHealth(1000, 992, 0.99).health).toBe("unhealthy"); // 20 %
    expect(cellHealth(1000, 990, 0.99).health).toBe("exhausted"); // 0 %
    expect(cellHealth(100, 97, 0.95).health).toBe("attention"); // 97 % against 95 %: 40 % left
    expect(cellHealth(0, 0, 0.99)).toEqual({ attainment: null, budgetLeft: null, health: "no_data" });
  });

  it("gives every bucket its own colour", () => {
    expect(new Set(HEALTH_ORDER.map((h) => HEALTH_CLASSES[h])).size).toBe(HEALTH_ORDER.length);
  });

  it("never shows 100 % while something breached, and shows overspent budgets below zero", () => {
    expect(formatAttainment(0.9996)).toBe("99.9 %");
    expect(formatAttainment(1)).toBe("100.0 %");
    expect(formatAttainment(null)).toBe("–");
    expect(formatBudget(cellHealth(100, 90, 0.99).budgetLeft)).toBe("-900 %");
  });
});
