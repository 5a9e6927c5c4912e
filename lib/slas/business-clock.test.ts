import { describe, expect, it } from "vitest";
import type { BusinessCalendar } from "../workflows/definition-spec";
import { businessClock } from "./business-clock";

const HOUR = 3_600_000;
// Berlin, Monday to Friday 08:00–16:00; 2026-12-25 is a Friday and a holiday.
const berlin: BusinessCalendar = {
  plant: "P100",
  timeZone: "Europe/Berlin",
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: "08:00", end: "16:00" })),
  holidays: ["2026-12-25"],
};
const closed: BusinessCalendar = { plant: "P300", timeZone: "UTC", weekly: [], holidays: [] };
const clock = businessClock([berlin, closed]);
const at = (iso: string) => Date.parse(iso);

describe("businessClock", () => {
  it("counts only the plant's open hours for a business-hours target", () => {
    // Thursday 15:00 local (14:00 UTC) + 2 business hours: 1 h on Thursday, the holiday skipped, the weekend skipped, 1 h on Monday.
    expect(new Date(clock.deadline("P100", at("2026-12-24T14:00:00Z"), 2 * HOUR, true)).toISOString()).toBe("2026-12-28T08:00:00.000Z");
  });

  it("counts wall-clock time when the target is not in business hours", () => {
    expect(clock.deadline("P100", at("2026-12-24T14:00:00Z"), 2 * HOUR, false)).toBe(at("2026-12-24T16:00:00Z"));
  });

  it("counts every hour at a plant without a calendar, and at one that never opens", () => {
    expect(clock.deadline("P200", at("2026-12-24T14:00:00Z"), 2 * HOUR, true)).toBe(at("2026-12-24T16:00:00Z"));
    expect(clock.deadline("P300", at("2026-12-24T14:00:00Z"), 2 * HOUR, true)).toBe(at("2026-12-24T16:00:00Z"));
  });

  it("gives the same deadline when asked again (memoised)", () => {
    const first = clock.deadline("P100", at("2026-12-21T07:00:00Z"), 30 * 60_000, true);
    expect(clock.deadline("P100", at("2026-12-21T07:00:00Z"), 30 * 60_000, true)).toBe(first);
    expect(new Date(first).toISOString()).toBe("2026-12-21T07:30:00.000Z");
  });
});
