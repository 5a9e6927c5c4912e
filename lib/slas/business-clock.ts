import { addBusinessMs } from "../workflows/business-hours";
import type { BusinessCalendar } from "../workflows/definition-spec";
import type { SlaClock } from "./evaluate-instance";

/** Deadlines remembered per clock; one cycle asks about the same few (plant, start, target) triples many times. */
const MEMO_LIMIT = 100_000;

/**
 * Deadlines in each plant's business hours for targets marked "business hours only". A plant
 * without a calendar counts every hour (24/7), and so does a calendar that never opens within
 * the search horizon: a deadline that never comes would hide a stuck instance forever, so it is
 * better to judge it on wall-clock time than not at all.
 */
export function businessClock(calendars: readonly BusinessCalendar[]): SlaClock {
  const byPlant = new Map(calendars.map((c) => [c.plant, c]));
  const memo = new Map<string, number>();
  return {
    deadline(plant, from, targetMs, businessHours) {
      const calendar = businessHours ? byPlant.get(plant) : undefined;
      if (!calendar) return from + targetMs;
      const key = `${plant} ${from} ${targetMs}`;
      let deadline = memo.get(key);
      if (deadline === undefined) {
        deadline = addBusinessMs(calendar, new Date(from), targetMs)?.getTime() ?? from + targetMs;
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(key, deadline);
      }
      return deadline;
    },
  };
}
