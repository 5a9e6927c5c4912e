import { describe, expect, it } from "vitest";
import { toMinuteSeries } from "./minute-series";

describe("toMinuteSeries", () => {
  const now = Date.parse("2026-11-24T10:05:30Z");

  it("fills every minute of the window with a count per system, zeros for silence", () => {
    const series = toMinuteSeries(
      [
        { minute: "2026-11-24T10:03:00Z", source_system: "MES", events: 4 },
        { minute: "2026-11-24T10:05:00Z", source_system: "ERP", events: 2 },
        { minute: "2026-11-24T10:05:00Z", source_system: "MES", events: 1 },
      ],
      4,
      now,
    );
    expect(series.systems).toEqual(["ERP", "MES"]);
    expect(series.points).toEqual([
      { minute: "2026-11-24T10:02:00.000Z", ERP: 0, MES: 0 },
      { minute: "2026-11-24T10:03:00.000Z", ERP: 0, MES: 4 },
      { minute: "2026-11-24T10:04:00.000Z", ERP: 0, MES: 0 },
      { minute: "2026-11-24T10:05:00.000Z", ERP: 2, MES: 1 },
    ]);
  });

  it("drops rows outside the window and returns empty systems for no data", () => {
    const series = toMinuteSeries([{ minute: "2026-11-24T08:00:00Z", source_system: "QMS", events: 9 }], 2, now);
    expect(series.points.map((p) => p.QMS)).toEqual([0, 0]);
    expect(toMinuteSeries([], 3, now)).toEqual({ systems: [], points: expect.any(Array) });
  });
});
