export interface MinuteCountRow {
  minute: string;
  source_system: string;
  events: number;
  failures: number;
}

/** One minute of the chart: the events each system reported, and the failures among them all. */
export type MinutePoint = { minute: string; failures: number } & Record<string, number | string>;

export interface MinuteSeries {
  systems: string[];
  /** One point per minute of the window, oldest first, with a count for every system (0 when silent). */
  points: MinutePoint[];
  /** Events per system and failures over the whole window, for the legend. */
  totals: { bySystem: Record<string, number>; failures: number };
}

/**
 * Pivots per-minute counts into chart points. Silent minutes are filled with zeros so a
 * stopped system shows as a drop, not as a line drawn straight across the gap. Source systems
 * are upper-case names (lib/events/contract.ts), so none collides with `minute` or `failures`.
 */
export function toMinuteSeries(rows: MinuteCountRow[], windowMinutes: number, now: number): MinuteSeries {
  const systems = [...new Set(rows.map((r) => r.source_system))].sort();
  const lastMinute = Math.floor(now / 60_000) * 60_000;
  const byMinute = new Map<string, { counts: Record<string, number>; failures: number }>();
  for (const row of rows) {
    const key = new Date(Date.parse(row.minute)).toISOString();
    const bucket = byMinute.get(key) ?? { counts: {}, failures: 0 };
    bucket.counts[row.source_system] = (bucket.counts[row.source_system] ?? 0) + row.events;
    bucket.failures += row.failures;
    byMinute.set(key, bucket);
  }
  const points: MinutePoint[] = [];
  const bySystem: Record<string, number> = Object.fromEntries(systems.map((s) => [s, 0]));
  let failures = 0;
  for (let i = windowMinutes - 1; i >= 0; i--) {
    const minute = new Date(lastMinute - i * 60_000).toISOString();
    const bucket = byMinute.get(minute);
    for (const s of systems) bySystem[s]! += bucket?.counts[s] ?? 0;
    failures += bucket?.failures ?? 0;
    points.push({ ...Object.fromEntries(systems.map((s) => [s, bucket?.counts[s] ?? 0])), minute, failures: bucket?.failures ?? 0 });
  }
  return { systems, points, totals: { bySystem, failures } };
}
