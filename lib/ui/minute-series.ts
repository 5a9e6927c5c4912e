export interface MinuteCountRow {
  minute: string;
  source_system: string;
  events: number;
}

export interface MinuteSeries {
  systems: string[];
  /** One point per minute of the window, oldest first, with a count for every system (0 when silent). */
  points: ({ minute: string } & Record<string, number | string>)[];
}

/**
 * Pivots per-minute counts into chart points. Silent minutes are filled with zeros so a
 * stopped system shows as a drop, not as a line drawn straight across the gap.
 */
export function toMinuteSeries(rows: MinuteCountRow[], windowMinutes: number, now: number): MinuteSeries {
  const systems = [...new Set(rows.map((r) => r.source_system))].sort();
  const lastMinute = Math.floor(now / 60_000) * 60_000;
  const byMinute = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const key = new Date(Date.parse(row.minute)).toISOString();
    const bucket = byMinute.get(key) ?? {};
    bucket[row.source_system] = (bucket[row.source_system] ?? 0) + row.events;
    byMinute.set(key, bucket);
  }
  const points: MinuteSeries["points"] = [];
  for (let i = windowMinutes - 1; i >= 0; i--) {
    const minute = new Date(lastMinute - i * 60_000).toISOString();
    const counts = byMinute.get(minute) ?? {};
    points.push({ minute, ...Object.fromEntries(systems.map((s) => [s, counts[s] ?? 0])) });
  }
  return { systems, points };
}
