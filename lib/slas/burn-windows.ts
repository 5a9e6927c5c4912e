import { BURN_WINDOW_MS, type BurnCounts, type BurnWindow } from "./burn-rate";

/** One end-to-end outcome as written to sla_outcomes; day, workflow, plant and correlation id are its key there. */
export interface DecidedOutcome {
  day: string;
  workflow: string;
  plant: string;
  correlationId: string;
  decidedAt: number;
  met: boolean;
}

const WINDOWS = Object.entries(BURN_WINDOW_MS) as [BurnWindow, number][];
const LONGEST_MS = Math.max(...WINDOWS.map(([, ms]) => ms));
const SEP = "\u001f";

/**
 * The outcomes of the longest burn-rate window, held in memory the way `sla_outcomes FINAL`
 * holds them: one per key, the latest write replacing the earlier. Fed with what was loaded
 * once and then with every outcome the evaluator writes, it counts the windows as
 * `burnWindowCounts` does over the table, without re-reading six hours of outcomes each cycle.
 * It is exact only while its owner is the one writer of sla_outcomes and time does not go back.
 */
export function createBurnWindows() {
  // Each outcome points at its workflow × plant, so counting a cycle's windows allocates nothing per outcome.
  const groups = new Map<string, { workflow: string; plant: string }>();
  const held = new Map<string, { group: { workflow: string; plant: string }; at: number; bad: boolean }>();
  // Nothing at or before this instant can enter a window again.
  let horizon = -Infinity;

  return {
    /** Records outcomes as written at `now`: only those a window ending at `now` or later can count are held. */
    record(outcomes: readonly DecidedOutcome[], now: number): void {
      horizon = Math.max(horizon, now - LONGEST_MS);
      for (const o of outcomes) {
        const key = [o.day, o.workflow, o.plant, o.correlationId].join(SEP);
        // A rewrite that moves an outcome out of every window still replaces the one held.
        if (o.decidedAt <= horizon) {
          held.delete(key);
          continue;
        }
        const groupKey = o.workflow + SEP + o.plant;
        let group = groups.get(groupKey);
        if (!group) groups.set(groupKey, (group = { workflow: o.workflow, plant: o.plant }));
        held.set(key, { group, at: o.decidedAt, bad: !o.met });
      }
    },

    /** Per workflow and plant with an outcome in the longest window ending at `now`, the counts of every window. */
    counts(now: number): BurnCounts[] {
      horizon = Math.max(horizon, now - LONGEST_MS);
      const bounds = WINDOWS.map(([, ms]) => now - ms);
      const out = new Map<{ workflow: string; plant: string }, BurnCounts>();
      for (const [key, o] of held) {
        if (o.at <= horizon) {
          held.delete(key);
          continue;
        }
        if (o.at > now || o.at <= now - LONGEST_MS) continue;
        let counts = out.get(o.group);
        if (!counts) {
          counts = { workflow: o.group.workflow, plant: o.group.plant, windows: Object.fromEntries(WINDOWS.map(([w]) => [w, { total: 0, bad: 0 }])) as BurnCounts["windows"] };
          out.set(o.group, counts);
        }
        for (let w = 0; w < WINDOWS.length; w++) {
          if (o.at > bounds[w]!) {
            const c = counts.windows[WINDOWS[w]![0]];
            c.total += 1;
            if (o.bad) c.bad += 1;
          }
        }
      }
      return [...out.values()];
    },
  };
}

export type BurnWindows = ReturnType<typeof createBurnWindows>;

/** How far back the burn-rate windows reach: the outcomes to load when starting from the table. */
export const BURN_LOOKBACK_MS = LONGEST_MS;
