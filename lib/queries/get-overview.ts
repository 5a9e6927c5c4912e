import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { PLANT_SCOPE_SQL, plantScope, runQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";
import { windowMinutesOf, type OverviewFilter } from "./overview-filter";

export interface MinuteCount {
  minute: string;
  source_system: string;
  events: number;
  /** Failed or dead-lettered integration messages among `events`. */
  failures: number;
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
  /** The plants and systems that sent events in the window, whatever the filter: the filter's choices. */
  facets: { plants: string[]; systems: string[] };
  generatedAt: string;
}

const FAILED = "status IN ('failed', 'dead_lettered')";
const FILTER_SQL = "({plant:String} = '' OR plant = {plant:String}) AND ({system:String} = '' OR source_system = {system:String})";

/** Live counts for the overview, from the per-minute rollup and the time-ordered failures table. */
export async function getOverview(ch: ClickHouseClient, plants: string[] | null, filter: OverviewFilter = { range: "1h" }): Promise<Overview> {
  const params = { ...plantScope(plants), windowMinutes: windowMinutesOf(filter), plant: filter.plant ?? "", system: filter.system ?? "" };
  const window = "minute >= toStartOfMinute(now() - INTERVAL {windowMinutes:UInt32} MINUTE)";
  const [perMinute, byPlantSystem, recentFailures] = await Promise.all([
    // Aliases never reuse a column name: ClickHouse would resolve the alias inside WHERE and sum().
    runQuery<{ bucket: string; source_system: string; n: string; failed_n: string }>(
      ch,
      "overview-per-minute",
      `SELECT formatDateTime(minute, '%Y-%m-%dT%H:%i:00Z') AS bucket, source_system, sum(events) AS n, sumIf(events, ${FAILED}) AS failed_n
       FROM events_per_minute
       WHERE ${window} AND ${PLANT_SCOPE_SQL} AND ${FILTER_SQL}
       GROUP BY bucket, source_system ORDER BY bucket, source_system`,
      params,
    ),
    // Unfiltered by plant and system: the same rows give the filter's choices and, filtered here, the plant table.
    runQuery<{ plant: string; source_system: string; n: string; failed_n: string }>(
      ch,
      "overview-by-plant",
      `SELECT plant, source_system, sum(events) AS n, sumIf(events, ${FAILED}) AS failed_n
       FROM events_per_minute
       WHERE ${window} AND ${PLANT_SCOPE_SQL}
       GROUP BY plant, source_system ORDER BY plant, source_system`,
      params,
    ),
    runQuery<RecentFailure>(
      ch,
      "overview-recent-failures",
      `SELECT time, event_id, correlation_id, plant, source_system, type, status, lot_id, order_id, error
       FROM events_failed
       WHERE time >= now() - INTERVAL {windowMinutes:UInt32} MINUTE AND ${PLANT_SCOPE_SQL} AND ${FILTER_SQL}
       ORDER BY time DESC LIMIT 1 BY event_id LIMIT 20`,
      params,
    ),
  ]);
  // ClickHouse sends UInt64 as strings in JSON.
  const minutes = perMinute.map((m) => ({ minute: m.bucket, source_system: m.source_system, events: Number(m.n), failures: Number(m.failed_n) }));
  const byPlant = new Map<string, PlantCount>();
  for (const r of byPlantSystem) {
    if ((filter.plant && r.plant !== filter.plant) || (filter.system && r.source_system !== filter.system)) continue;
    const p = byPlant.get(r.plant) ?? { plant: r.plant, events: 0, failures: 0 };
    p.events += Number(r.n);
    p.failures += Number(r.failed_n);
    byPlant.set(r.plant, p);
  }
  const plantsOut = [...byPlant.values()];
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
    // An event without a plant cannot be filtered to: the filter takes a plant code.
    facets: { plants: [...new Set(byPlantSystem.map((r) => r.plant).filter(Boolean))].sort(), systems: [...new Set(byPlantSystem.map((r) => r.source_system))].sort() },
    generatedAt: new Date().toISOString(),
  };
}
