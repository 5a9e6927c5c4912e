import { describe, expect, it } from "vitest";
import { createBurnWindows, type DecidedOutcome } from "./burn-windows";

const MIN = 60_000;
const now = Date.UTC(2026, 11, 4, 12, 0, 0);
const outcome = (correlationId: string, agoMs: number, met: boolean, extra: Partial<DecidedOutcome> = {}): DecidedOutcome => ({
  day: "2026-12-04",
  workflow: "wf",
  plant: "P1",
  correlationId,
  decidedAt: now - agoMs,
  met,
  ...extra,
});

describe("burn windows in memory", () => {
  it("counts each window as (now - length, now]", () => {
    const w = createBurnWindows();
    w.record([outcome("a", 0, false), outcome("b", 5 * MIN, false), outcome("c", 5 * MIN - 1, true), outcome("d", 59 * MIN, false), outcome("e", 6 * 60 * MIN - 1, true), outcome("f", 6 * 60 * MIN, false)], now);
    expect(w.counts(now)).toEqual([
      {
        workflow: "wf",
        plant: "P1",
        windows: { "5m": { total: 2, bad: 1 }, "30m": { total: 3, bad: 2 }, "1h": { total: 4, bad: 3 }, "6h": { total: 5, bad: 3 } },
      },
    ]);
  });

  it("keeps one outcome per key, the latest written, as the table's FINAL does", () => {
    const w = createBurnWindows();
    w.record([outcome("a", MIN, false)], now);
    w.record([outcome("a", MIN, true)], now);
    // Another day is another key: both stand, as two rows would in the table.
    w.record([outcome("a", 2 * MIN, false, { day: "2026-12-03" })], now);
    expect(w.counts(now)[0]!.windows["5m"]).toEqual({ total: 2, bad: 1 });
  });

  it("drops an outcome rewritten out of every window, and forgets those the windows have passed", () => {
    const w = createBurnWindows();
    w.record([outcome("a", MIN, false), outcome("b", 2 * MIN, false)], now);
    expect(w.counts(now)[0]!.windows["6h"]).toEqual({ total: 2, bad: 2 });
    w.record([outcome("a", 7 * 60 * MIN, false)], now);
    expect(w.counts(now)[0]!.windows["6h"]).toEqual({ total: 1, bad: 1 });
    expect(w.counts(now + 6 * 60 * MIN)).toEqual([]);
  });

  it("counts an outcome dated after now only once now reaches it, per workflow and plant", () => {
    const w = createBurnWindows();
    w.record([outcome("late-clock", -MIN, false), outcome("p2", MIN, true, { plant: "P2" })], now);
    expect(w.counts(now).map((c) => c.plant)).toEqual(["P2"]);
    expect(w.counts(now + MIN).map((c) => [c.plant, c.windows["5m"]])).toEqual([
      ["P1", { total: 1, bad: 1 }],
      ["P2", { total: 1, bad: 0 }],
    ]);
  });
});
