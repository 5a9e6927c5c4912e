import { describe, expect, it } from "vitest";
import { RollingWindow } from "./rolling-window";

describe("RollingWindow", () => {
  it("sums and ranks only the samples inside the span", () => {
    const w = new RollingWindow(60_000);
    w.add(100, 0);
    for (let i = 1; i <= 100; i++) w.add(i, 50_000 + i);
    expect(w.sum(55_000)).toBe(5050 + 100);
    expect(w.sum(100_000)).toBe(5050);
    expect(w.percentile(95, 100_000)).toBe(95);
    expect(w.percentile(50, 100_000)).toBe(50);
    expect(w.sum(200_000)).toBe(0);
    expect(w.percentile(95, 200_000)).toBeNull();
  });

  it("keeps at most maxSamples", () => {
    const w = new RollingWindow(60_000, 3);
    for (let i = 1; i <= 5; i++) w.add(i, i);
    expect(w.sum(10)).toBe(3 + 4 + 5);
  });
});
