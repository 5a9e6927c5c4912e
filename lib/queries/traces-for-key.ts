import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { PLANT_SCOPE_SQL, plantScope, runQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";
import { TELEMETRY_TYPE_PREFIX } from "../events/contract";

export interface KeyTrace {
  correlationId: string;
  firstSeen: string;
  lastSeen: string;
  events: number;
  failures: number;
  systems: string[];
  /** The first business event type: names the workflow (lib/workflows/workflow-state.ts). */
  trigger: string;
}

const TABLES = {
  lot: { table: "events_by_lot", column: "lot_id" },
  order: { table: "events_by_order", column: "order_id" },
} as const;

/**
 * The correlation ids that carried each of several lots or orders, newest first per key, in one
 * read of the table keyed by them (a search page lists up to ten such keys).
 */
export async function tracesForKeys(ch: ClickHouseClient, kind: keyof typeof TABLES, ids: readonly string[], plants: string[] | null, limit = 20): Promise<Map<string, KeyTrace[]>> {
  const out = new Map<string, KeyTrace[]>();
  if (ids.length === 0) return out;
  const { table, column } = TABLES[kind];
  const rows = await runQuery<{ k: string; cid: string; first_t: string; last_t: string; n: string; failed_n: string; systems: string[]; first_type: string }>(
    ch,
    `traces-for-${kind}`,
    `SELECT ${column} AS k, correlation_id AS cid, min(time) AS first_t, max(time) AS last_t, uniqExact(event_id) AS n,
            uniqExactIf(event_id, status IN ('failed', 'dead_lettered')) AS failed_n, arraySort(groupUniqArray(source_system)) AS systems,
            argMinIf(type, time, NOT startsWith(type, {telemetryPrefix:String})) AS first_type
     FROM ${table}
     WHERE ${column} IN {ids:Array(String)} AND ${PLANT_SCOPE_SQL}
     GROUP BY k, cid ORDER BY k, last_t DESC LIMIT {limit:UInt32} BY k`,
    { ...plantScope(plants), ids, limit, telemetryPrefix: TELEMETRY_TYPE_PREFIX },
  );
  for (const r of rows) {
    const list = out.get(r.k) ?? [];
    list.push({
      correlationId: r.cid,
      firstSeen: chTimeToIso(r.first_t),
      lastSeen: chTimeToIso(r.last_t),
      events: Number(r.n),
      failures: Number(r.failed_n),
      systems: r.systems,
      trigger: r.first_type,
    });
    out.set(r.k, list);
  }
  return out;
}

/** The correlation ids that carried one lot or order, newest first. */
export async function tracesForKey(ch: ClickHouseClient, kind: keyof typeof TABLES, id: string, plants: string[] | null, limit = 20): Promise<KeyTrace[]> {
  return (await tracesForKeys(ch, kind, [id], plants, limit)).get(id) ?? [];
}
