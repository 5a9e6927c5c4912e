import { describe, expect, it } from "vitest";
import { layoutWaterfall } from "./waterfall";

const step = (id: string, system: string, offsetMs: number, durationMs: number) => ({ id, system, offsetMs, durationMs, failed: false, status: "ok", type: "t" });

describe("layoutWaterfall", () => {
  it("puts each system in its own lane in order of first appearance, scaled to the whole span", () => {
    const w = layoutWaterfall([step("a", "ERP", 0, 0), step("b", "MIDDLEWARE", 100, 300), step("c", "MES", 400, 600), step("d", "ERP", 900, 0)]);
    expect(w.totalMs).toBe(1000);
    expect(w.lanes.map((l) => l.system)).toEqual(["ERP", "MIDDLEWARE", "MES"]);
    const mes = w.lanes[2]!.bars[0]!;
    expect(mes.left).toBeCloseTo(40);
    expect(mes.width).toBeCloseTo(60);
    expect(w.lanes[0]!.bars.map((b) => b.id)).toEqual(["a", "d"]);
  });

  it("gives instant events a visible width and keeps every bar inside the track", () => {
    const w = layoutWaterfall([step("a", "ERP", 0, 0), step("b", "MES", 1000, 0)]);
    for (const bar of w.lanes.flatMap((l) => l.bars)) {
      expect(bar.width).toBeGreaterThan(0);
      expect(bar.left + bar.width).toBeLessThanOrEqual(100.0001);
    }
    expect(w.ticks.map((t) => t.label)).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it("handles a single event", () => {
    const w = layoutWaterfall([step("a", "QMS", 0, 0)]);
    expect(w.totalMs).toBe(1);
    expect(w.lanes).toHaveLength(1);
  });
});
