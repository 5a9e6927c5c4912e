import "server-only";
import { PLANT_SCOPE_SQL, plantScope, runQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";

export interface KeyTrace {
  correlationId: string;
  firstSeen: string;
  lastSeen: string;
  events: number;
  failures: number;
  systems: string[];
}

const TABLES = {
  lot: { table: "events_by_lot", column: "lot_id" },
  order: { table: "events_by_order", column: "order_id" },
} as const;

/** The correlation ids that carried one lot or order, newest first, from the table keyed by it. */
export async function tracesForKey(kind: keyof typeof TABLES, id: string, plants: string[] | null, limit = 20): Promise<KeyTrace[]> {
  const { table, column } = TABLES[kind];
  const rows = await runQuery<{ cid: string; first_t: string; last_t: string; n: string; failed_n: string; systems: string[] }>(
    `traces-for-${kind}`,
    `SELECT correlation_id AS cid, min(time) AS first_t, max(time) AS last_t, uniqExact(event_id) AS n,
            uniqExactIf(event_id, status IN ('failed', 'dead_lettered')) AS failed_n, arraySort(groupUniqArray(source_system)) AS systems
     FROM ${table}
     WHERE ${column} = {id:String} AND ${PLANT_SCOPE_SQL}
     GROUP BY cid ORDER BY last_t DESC LIMIT {limit:UInt32}`,
    { ...plantScope(plants), id, limit },
  );
  return rows.map((r) => ({
    correlationId: r.cid,
    firstSeen: chTimeToIso(r.first_t),
    lastSeen: chTimeToIso(r.last_t),
    events: Number(r.n),
    failures: Number(r.failed_n),
    systems: r.systems,
  }));
}
