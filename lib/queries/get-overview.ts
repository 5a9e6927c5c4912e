import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
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
export async function getOverview(ch: ClickHouseClient, plants: string[] | null, windowMinutes = 60): Promise<Overview> {
  const params = { ...plantScope(plants), windowMinutes };
  const [perMinute, byPlant, recentFailures] = await Promise.all([
    // Aliases never reuse a column name: ClickHouse would resolve the alias inside WHERE and sum().
    runQuery<{ bucket: string; source_system: string; n: string }>(
      ch,
      "overview-per-minute",
      `SELECT formatDateTime(minute, '%Y-%m-%dT%H:%i:00Z') AS bucket, source_system, sum(events) AS n
       FROM events_per_minute
       WHERE minute >= toStartOfMinute(now() - INTERVAL {windowMinutes:UInt32} MINUTE) AND ${PLANT_SCOPE_SQL}
       GROUP BY bucket, source_system ORDER BY bucket, source_system`,
      params,
    ),
    runQuery<{ plant: string; n: string; failed_n: string }>(
      ch,
      "overview-by-plant",
      `SELECT plant, sum(events) AS n, sumIf(events, status IN ('failed', 'dead_lettered')) AS failed_n
       FROM events_per_minute
       WHERE minute >= toStartOfMinute(now() - INTERVAL {windowMinutes:UInt32} MINUTE) AND ${PLANT_SCOPE_SQL}
       GROUP BY plant ORDER BY plant`,
      params,
    ),
    runQuery<RecentFailure>(
      ch,
      "overview-recent-failures",
      `SELECT time, event_id, correlation_id, plant, source_system, type, status, lot_id, order_id, error
       FROM events_failed
       WHERE time >= now() - INTERVAL {windowMinutes:UInt32} MINUTE AND ${PLANT_SCOPE_SQL}
       ORDER BY time DESC LIMIT 1 BY event_id LIMIT 20`,
      params,
    ),
  ]);
  // ClickHouse sends UInt64 as strings in JSON.
  const minutes = perMinute.map((m) => ({ minute: m.bucket, source_system: m.source_system, events: Number(m.n) }));
  const plantsOut: PlantCount[] = byPlant.map((p) => ({ plant: p.plant, events: Number(p.n), failures: Number(p.failed_n) }));
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
