import { describe, expect, it } from "vitest";
import { addBusinessMs, businessMsBetween, localToUtc, openIntervals } from "./business-hours";
import { BusinessCalendarSchema, type BusinessCalendar } from "./definition-spec";

const H = 3_600_000;
const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
const calendar = (input: Partial<BusinessCalendar> & Pick<BusinessCalendar, "timeZone">): BusinessCalendar =>
  BusinessCalendarSchema.parse({ plant: "P100", weekly: weekdays("08:00", "17:00"), ...input });

describe("business hours", () => {
  const berlin = calendar({ timeZone: "Europe/Berlin" });

  it("turns local opening hours into UTC intervals in winter and in summer", () => {
    // Tuesday 2026-01-13 (CET, UTC+1) and Tuesday 2026-07-14 (CEST, UTC+2).
    expect(openIntervals(berlin, at("2026-01-13T00:00Z"), at("2026-01-14T00:00Z")).map((i) => [iso(i.start), iso(i.end)])).toEqual([["2026-01-13T07:00:00.000Z", "2026-01-13T16:00:00.000Z"]]);
    expect(openIntervals(berlin, at("2026-07-14T00:00Z"), at("2026-07-15T00:00Z")).map((i) => [iso(i.start), iso(i.end)])).toEqual([["2026-07-14T06:00:00.000Z", "2026-07-14T15:00:00.000Z"]]);
  });

  it("clips intervals to the range asked for", () => {
    const [only] = openIntervals(berlin, at("2026-01-13T10:00Z"), at("2026-01-13T12:30Z"));
    expect([iso(only!.start), iso(only!.end)]).toEqual(["2026-01-13T10:00:00.000Z", "2026-01-13T12:30:00.000Z"]);
    expect(openIntervals(berlin, at("2026-01-13T12:00Z"), at("2026-01-13T12:00Z"))).toEqual([]);
    expect(businessMsBetween(berlin, at("2026-01-14T00:00Z"), at("2026-01-13T00:00Z"))).toBe(0);
  });

  it("spans a weekend and the Berlin spring-forward change (Sunday 2026-03-29)", () => {
    // Friday 15:00 CET + 4 business hours: 2 h on Friday, 2 h on Monday 08:00–10:00 CEST.
    const friday = at("2026-03-27T14:00Z");
    expect(iso(addBusinessMs(berlin, friday, 4 * H))).toBe("2026-03-30T08:00:00.000Z");
    expect(businessMsBetween(berlin, friday, at("2026-03-30T08:00Z"))).toBe(4 * H);
    // Ending exactly at Friday's closing time stays on Friday.
    expect(iso(addBusinessMs(berlin, friday, 2 * H))).toBe("2026-03-27T16:00:00.000Z");
  });

  it("counts a 23 h day when Berlin's clocks go forward and a 25 h day when they go back", () => {
    const allSunday = calendar({ timeZone: "Europe/Berlin", weekly: [{ day: 7, start: "00:00", end: "24:00" }] });
    expect(businessMsBetween(allSunday, at("2026-03-28T00:00Z"), at("2026-03-31T00:00Z"))).toBe(23 * H);
    expect(businessMsBetween(allSunday, at("2026-10-24T00:00Z"), at("2026-10-27T00:00Z"))).toBe(25 * H);
  });

  it("opens a window that starts in the skipped hour at the first instant after the gap", () => {
    // 02:30 does not exist in Berlin on 2026-03-29; the window opens at 03:30 CEST (01:30 UTC).
    const early = calendar({ timeZone: "Europe/Berlin", weekly: [{ day: 7, start: "02:30", end: "05:00" }] });
    const [i] = openIntervals(early, at("2026-03-29T00:00Z"), at("2026-03-30T00:00Z"));
    expect([iso(i!.start), iso(i!.end)]).toEqual(["2026-03-29T01:30:00.000Z", "2026-03-29T03:00:00.000Z"]);
    expect(localToUtc(Date.UTC(2026, 2, 29, 2, 30), "Europe/Berlin")).toBe(Date.parse("2026-03-29T01:30:00Z"));
  });

  it("handles America/Chicago: the 2026-03-08 and 2026-11-01 changes and the repeated hour", () => {
    const allSunday = calendar({ timeZone: "America/Chicago", weekly: [{ day: 7, start: "00:00", end: "24:00" }] });
    expect(businessMsBetween(allSunday, at("2026-03-07T12:00Z"), at("2026-03-10T00:00Z"))).toBe(23 * H);
    expect(businessMsBetween(allSunday, at("2026-10-31T12:00Z"), at("2026-11-03T00:00Z"))).toBe(25 * H);
    // 01:30–02:30 on 2026-11-01: 01:30 happens twice; the first (CDT) one opens it, so it lasts 2 h.
    const repeated = calendar({ timeZone: "America/Chicago", weekly: [{ day: 7, start: "01:30", end: "02:30" }] });
    const [i] = openIntervals(repeated, at("2026-11-01T00:00Z"), at("2026-11-02T00:00Z"));
    expect([iso(i!.start), iso(i!.end)]).toEqual(["2026-11-01T06:30:00.000Z", "2026-11-01T08:30:00.000Z"]);
    // A weekday in CST: 08:00 Chicago is 14:00 UTC.
    const weekday = calendar({ timeZone: "America/Chicago" });
    expect(iso(addBusinessMs(weekday, at("2026-11-02T13:00Z"), H))).toBe("2026-11-02T15:00:00.000Z");
  });

  it("skips holidays, which are local dates of the plant", () => {
    const xmas = calendar({ timeZone: "Europe/Berlin", holidays: ["2026-12-24", "2026-12-25"] });
    // Wednesday 2026-12-23 16:00 CET + 3 h: 1 h on Wednesday, Thursday and Friday closed, 2 h on Monday 28th.
    expect(iso(addBusinessMs(xmas, at("2026-12-23T15:00Z"), 3 * H))).toBe("2026-12-28T09:00:00.000Z");
    expect(businessMsBetween(xmas, at("2026-12-21T00:00Z"), at("2026-12-28T00:00Z"))).toBe(3 * 9 * H);
  });

  it("joins a night shift written as two windows around midnight into one interval", () => {
    const night = calendar({ timeZone: "Europe/Berlin", weekly: [{ day: 1, start: "22:00", end: "24:00" }, { day: 2, start: "00:00", end: "06:00" }] });
    const intervals = openIntervals(night, at("2026-01-12T00:00Z"), at("2026-01-14T00:00Z"));
    expect(intervals.map((i) => [iso(i.start), iso(i.end)])).toEqual([["2026-01-12T21:00:00.000Z", "2026-01-13T05:00:00.000Z"]]);
    expect(iso(addBusinessMs(night, at("2026-01-12T12:00Z"), 3 * H))).toBe("2026-01-13T00:00:00.000Z");
  });

  it("merges overlapping windows instead of counting them twice", () => {
    const overlapping = calendar({ timeZone: "UTC", weekly: [{ day: 2, start: "08:00", end: "12:00" }, { day: 2, start: "10:00", end: "14:00" }] });
    expect(businessMsBetween(overlapping, at("2026-01-13T00:00Z"), at("2026-01-14T00:00Z"))).toBe(6 * H);
  });

  it("has no deadline on a calendar that never opens, and no delay for a zero target", () => {
    const closed = calendar({ timeZone: "UTC", weekly: [] });
    expect(addBusinessMs(closed, at("2026-01-13T00:00Z"), H)).toBeNull();
    expect(iso(addBusinessMs(berlin, at("2026-01-17T03:00Z"), 0))).toBe("2026-01-17T03:00:00.000Z");
  });

  it("refuses windows that cross midnight, unknown time zones and malformed times", () => {
    const bad = (input: unknown) => BusinessCalendarSchema.safeParse({ plant: "P100", timeZone: "Europe/Berlin", weekly: [], ...(input as object) });
    const crossing = bad({ weekly: [{ day: 1, start: "22:00", end: "06:00" }] });
    expect(crossing.success).toBe(false);
    expect(crossing.error?.issues[0]?.path).toEqual(["weekly", 0]);
    expect(bad({ timeZone: "Mars/Olympus" }).success).toBe(false);
    expect(bad({ weekly: [{ day: 8, start: "08:00", end: "09:00" }] }).success).toBe(false);
    expect(bad({ weekly: [{ day: 1, start: "8:00", end: "09:00" }] }).success).toBe(false);
    expect(bad({ weekly: [{ day: 1, start: "00:00", end: "24:00" }] }).success).toBe(true);
    expect(bad({ holidays: ["25.12.2026"] }).success).toBe(false);
  });
});
