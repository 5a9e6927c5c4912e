import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { PLANT_SCOPE_SQL, plantScope, runQuery } from "../clickhouse/query";

/**
 * The plants that sent events in the last `days` days, within the scope: the choices of a plant
 * filter. Read from the per-minute rollup (keyed by minute), never from the events.
 */
export async function getActivePlants(ch: ClickHouseClient, plants: string[] | null, days = 7): Promise<string[]> {
  const rows = await runQuery<{ plant: string }>(
    ch,
    "active-plants",
    `SELECT DISTINCT plant FROM events_per_minute WHERE minute >= now() - INTERVAL {days:UInt32} DAY AND plant != '' AND ${PLANT_SCOPE_SQL} ORDER BY plant`,
    { ...plantScope(plants), days },
  );
  return rows.map((r) => r.plant);
}
