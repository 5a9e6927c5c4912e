import { describe, expect, it } from "vitest";
import { attainmentWindows, createDailyTotals } from "./daily-totals";

const now = Date.UTC(2026, 11, 4, 23, 59, 0);

describe("daily totals in memory", () => {
  it("sums whole UTC days into trailing windows, today included", () => {
    const d = createDailyTotals();
    d.set([
      { day: "2026-12-04", workflow: "wf", plant: "P1", decided: 10, met: 9 },
      { day: "2026-12-03", workflow: "wf", plant: "P1", decided: 5, met: 5 },
      { day: "2026-11-28", workflow: "wf", plant: "P1", decided: 4, met: 2 },
      { day: "2026-09-06", workflow: "wf", plant: "P1", decided: 100, met: 0 },
      { day: "2026-09-05", workflow: "wf", plant: "P1", decided: 1000, met: 0 },
    ]);
    expect(d.counts([1, 7, 30, 90], now)).toEqual([
      {
        workflow: "wf",
        plant: "P1",
        windows: { "1d": { total: 10, bad: 1 }, "7d": { total: 19, bad: 3 }, "30d": { total: 19, bad: 3 }, "90d": { total: 119, bad: 103 } },
      },
    ]);
  });

  it("replaces a recounted group and counts a day dated ahead once it is today", () => {
    const d = createDailyTotals();
    d.set([
      { day: "2026-12-04", workflow: "wf", plant: "P1", decided: 10, met: 9 },
      { day: "2026-12-05", workflow: "wf", plant: "P1", decided: 3, met: 0 },
    ]);
    d.set([{ day: "2026-12-04", workflow: "wf", plant: "P1", decided: 12, met: 9 }]);
    expect(d.counts([1], now)[0]!.windows["1d"]).toEqual({ total: 12, bad: 3 });
    expect(d.counts([1, 7], now + 60_000)[0]!.windows).toEqual({ "1d": { total: 3, bad: 3 }, "7d": { total: 15, bad: 6 } });
  });

  it("gives the windows the same shape as the table's query for rows by age", () => {
    expect(attainmentWindows([{ workflow: "wf", plant: "", age: 3, total: 2, bad: 1 }], [1, 7])).toEqual([{ workflow: "wf", plant: "", windows: { "1d": { total: 0, bad: 0 }, "7d": { total: 2, bad: 1 } } }]);
  });
});
