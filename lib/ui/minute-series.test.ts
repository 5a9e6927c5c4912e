import { describe, expect, it } from "vitest";
import { toMinuteSeries } from "./minute-series";

describe("toMinuteSeries", () => {
  const now = Date.parse("2026-11-24T10:05:30Z");

  it("fills every minute of the window with a count per system and the failures, zeros for silence", () => {
    const series = toMinuteSeries(
      [
        { minute: "2026-11-24T10:03:00Z", source_system: "MES", events: 4, failures: 0 },
        { minute: "2026-11-24T10:05:00Z", source_system: "ERP", events: 2, failures: 0 },
        { minute: "2026-11-24T10:05:00Z", source_system: "MIDDLEWARE", events: 5, failures: 2 },
      ],
      4,
      now,
    );
    expect(series.systems).toEqual(["ERP", "MES", "MIDDLEWARE"]);
    expect(series.points).toEqual([
      { minute: "2026-11-24T10:02:00.000Z", ERP: 0, MES: 0, MIDDLEWARE: 0, failures: 0 },
      { minute: "2026-11-24T10:03:00.000Z", ERP: 0, MES: 4, MIDDLEWARE: 0, failures: 0 },
      { minute: "2026-11-24T10:04:00.000Z", ERP: 0, MES: 0, MIDDLEWARE: 0, failures: 0 },
      { minute: "2026-11-24T10:05:00.000Z", ERP: 2, MES: 0, MIDDLEWARE: 5, failures: 2 },
    ]);
    expect(series.totals).toEqual({ bySystem: { ERP: 2, MES: 4, MIDDLEWARE: 5 }, failures: 2 });
  });

  it("drops rows outside the window and returns empty systems for no data", () => {
    const series = toMinuteSeries([{ minute: "2026-11-24T08:00:00Z", source_system: "QMS", events: 9, failures: 3 }], 2, now);
    expect(series.points.map((p) => [p.QMS, p.failures])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(series.totals).toEqual({ bySystem: { QMS: 0 }, failures: 0 });
    expect(toMinuteSeries([], 3, now)).toMatchObject({ systems: [], points: expect.any(Array) });
  });
});
