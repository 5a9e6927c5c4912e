import type { AttainmentCounts } from "./burn-rate";

/** The end-to-end row of one day, workflow and plant in sla_daily. */
export interface DailyTotal {
  day: string;
  workflow: string;
  plant: string;
  decided: number;
  met: number;
}

const DAY_MS = 86_400_000;
const SEP = "\u001f";
const dayNumber = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** Sums decided and breached per workflow and plant into trailing windows of days, given each row's age in days (0 = today). */
export function attainmentWindows(rows: Iterable<{ workflow: string; plant: string; age: number; total: number; bad: number }>, windowsDays: readonly number[]): AttainmentCounts[] {
  const by = new Map<string, AttainmentCounts>();
  for (const r of rows) {
    const key = r.workflow + SEP + r.plant;
    let entry = by.get(key);
    if (!entry) {
      entry = { workflow: r.workflow, plant: r.plant, windows: Object.fromEntries(windowsDays.map((d) => [`${d}d`, { total: 0, bad: 0 }])) };
      by.set(key, entry);
    }
    for (const d of windowsDays) {
      if (r.age < d) {
        const w = entry.windows[`${d}d`]!;
        w.total += r.total;
        w.bad += r.bad;
      }
    }
  }
  return [...by.values()];
}

/**
 * The end-to-end rows of sla_daily held in memory: loaded once, then replaced group by group as
 * the evaluator recounts them, so the SLO gauges need no 90-day read each cycle. Counts the same
 * windows as `attainmentCounts` does over the table (whole UTC days, today included).
 */
export function createDailyTotals() {
  const held = new Map<string, DailyTotal>();
  return {
    /** Replaces the rows of these days, workflows and plants, as a recount replaces them in the table. */
    set(rows: readonly DailyTotal[]): void {
      for (const r of rows) held.set([r.day, r.workflow, r.plant].join(SEP), r);
    },

    counts(windowsDays: readonly number[], now: number): AttainmentCounts[] {
      const today = Math.floor(now / DAY_MS);
      const longest = Math.max(...windowsDays);
      const rows: { workflow: string; plant: string; age: number; total: number; bad: number }[] = [];
      for (const [key, r] of held) {
        const age = today - dayNumber(r.day);
        // A day past the longest window never enters one again; a later day may, once it is today.
        if (age >= longest) held.delete(key);
        else if (age >= 0) rows.push({ workflow: r.workflow, plant: r.plant, age, total: r.decided, bad: r.decided - r.met });
      }
      return attainmentWindows(rows, windowsDays);
    },
  };
}

export type DailyTotals = ReturnType<typeof createDailyTotals>;
