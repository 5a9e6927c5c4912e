import type { ClickHouseClient } from "@clickhouse/client";
import { onCluster, type DdlContext } from "./ddl";

/**
 * Event data and per-instance SLA data age out after LOTLINE_RETENTION_DAYS. Kept: genealogy
 * (lot_edges_*) and lot status, since a recall may need a lot's history long after its raw
 * messages are gone, and the daily SLA rollup (sla_daily), since attainment trends span quarters.
 */
export const RETAINED_TABLES: readonly { table: string; timeColumn: string }[] = [
  { table: "events", timeColumn: "time" },
  { table: "events_by_lot", timeColumn: "time" },
  { table: "events_by_order", timeColumn: "time" },
  { table: "events_failed", timeColumn: "time" },
  { table: "deliveries_by_key", timeColumn: "time" },
  { table: "events_per_minute", timeColumn: "minute" },
  { table: "dead_letters", timeColumn: "received_at" },
  { table: "workflow_instances", timeColumn: "last_time" },
  { table: "events_per_minute_by_type", timeColumn: "minute" },
  { table: "workflow_instance_states", timeColumn: "trigger_time" },
  { table: "workflow_instance_worklist", timeColumn: "trigger_time" },
  { table: "sla_outcomes", timeColumn: "decided_at" },
  { table: "sla_breaches", timeColumn: "started_at" },
];

/** The TTL clause of each retained table as the server renders it ("" when none), in one read. */
async function currentTtls(client: ClickHouseClient): Promise<Map<string, string>> {
  const rs = await client.query({
    query: "SELECT name, create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name IN {tables:Array(String)}",
    query_params: { tables: RETAINED_TABLES.map((t) => t.table) },
    format: "JSONEachRow",
  });
  const rows = await rs.json<{ name: string; q: string }>();
  return new Map(rows.map((r) => [r.name, /\bTTL\b(.*?)(?:\bSETTINGS\b|$)/s.exec(r.q)?.[1]?.trim() ?? ""]));
}

/**
 * Sets (or, with null, removes) the TTL of every retained table at each start. Only a table
 * whose TTL differs is altered: MODIFY TTL rewrites the table's parts, which must not happen on
 * every restart of a large store.
 */
export async function applyRetention(client: ClickHouseClient, days: number | null, ctx: DdlContext): Promise<void> {
  const ttls = await currentTtls(client);
  for (const { table, timeColumn } of RETAINED_TABLES) {
    const ttl = ttls.get(table) ?? "";
    if (days === null) {
      if (ttl !== "") await client.command({ query: `ALTER TABLE ${table}${onCluster(ctx)} REMOVE TTL` });
      continue;
    }
    // The server renders `INTERVAL n DAY` as toIntervalDay(n).
    if (ttl.includes(timeColumn) && ttl.includes(`toIntervalDay(${Math.trunc(days)})`)) continue;
    // `days` is a validated integer (config.ts); DDL takes no query parameters.
    await client.command({ query: `ALTER TABLE ${table}${onCluster(ctx)} MODIFY TTL toDateTime(${timeColumn}) + INTERVAL ${Math.trunc(days)} DAY` });
  }
}
