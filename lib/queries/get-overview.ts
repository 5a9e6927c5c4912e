import "server-only";
import { PLANT_SCOPE_SQL, plantScope, runQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";

export interface MinuteCount {
  minute: string;
  source_system: string;
  events: number;
}

export interface PlantCount {
  plant: string;
  events: number;
  failures: number;
}

export interface RecentFailure {
  time: string;
  event_id: string;
  correlation_id: string;
  plant: string;
  source_system: string;
  type: string;
  status: string;
  lot_id: string;
  order_id: string;
  error: string;
}

export interface Overview {
  perMinute: MinuteCount[];
  byPlant: PlantCount[];
  totals: { events: number; failures: number; lastMinute: number };
  recentFailures: RecentFailure[];
  generatedAt: string;
}

/** Live counts for the overview, from the per-minute rollup and the time-ordered failures table. */
export async function getOverview(plants: string[] | null, windowMinutes = 60): Promise<Overview> {
  const params = { ...plantScope(plants), windowMinutes };
  const [perMinute, byPlant, recentFailures] = await Promise.all([
    runQuery<MinuteCount>(
      "overview-per-minute",
      `SELECT formatDateTime(minute, '%Y-%m-%dT%H:%i:00Z') AS minute, source_system, toUInt64(sum(events)) AS events
       FROM events_per_minute
       WHERE minute >= toStartOfMinute(now() - INTERVAL {windowMinutes:UInt32} MINUTE) AND ${PLANT_SCOPE_SQL}
       GROUP BY minute, source_system ORDER BY minute, source_system`,
      params,
    ),
    runQuery<PlantCount>(
      "overview-by-plant",
      `SELECT plant, toUInt64(sum(events)) AS events, toUInt64(sumIf(events, status IN ('failed', 'dead_lettered'))) AS failures
       FROM events_per_minute
       WHERE minute >= toStartOfMinute(now() - INTERVAL {windowMinutes:UInt32} MINUTE) AND ${PLANT_SCOPE_SQL}
       GROUP BY plant ORDER BY plant`,
      params,
    ),
    runQuery<RecentFailure>(
      "overview-recent-failures",
      `SELECT time, event_id, correlation_id, plant, source_system, type, status, lot_id, order_id, error
       FROM events_failed
       WHERE time >= now() - INTERVAL {windowMinutes:UInt32} MINUTE AND ${PLANT_SCOPE_SQL}
       ORDER BY time DESC LIMIT 1 BY event_id LIMIT 20`,
      params,
    ),
  ]);
  const numeric = <T extends { events: number }>(rows: T[]) => rows.map((r) => ({ ...r, events: Number(r.events) }));
  const minutes = numeric(perMinute);
  const plantsOut = numeric(byPlant).map((p) => ({ ...p, failures: Number(p.failures) }));
  const lastFullMinute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString().replace(".000", "");
  return {
    perMinute: minutes,
    byPlant: plantsOut,
    totals: {
      events: plantsOut.reduce((s, p) => s + p.events, 0),
      failures: plantsOut.reduce((s, p) => s + p.failures, 0),
      lastMinute: minutes.filter((m) => m.minute === lastFullMinute).reduce((s, m) => s + m.events, 0),
    },
    recentFailures: recentFailures.map((f) => ({ ...f, time: chTimeToIso(f.time) })),
    generatedAt: new Date().toISOString(),
  };
}
