import type { ClickHouseClient } from "@clickhouse/client";
import { onCluster, type DdlContext } from "./ddl";

/**
 * Event data ages out after LOTLINE_RETENTION_DAYS; genealogy (lot_edges_*) and lot status are
 * kept: a recall may need a lot's history long after its raw messages are gone.
 */
export const RETAINED_TABLES: readonly { table: string; timeColumn: string }[] = [
  { table: "events", timeColumn: "time" },
  { table: "events_by_lot", timeColumn: "time" },
  { table: "events_by_order", timeColumn: "time" },
  { table: "events_failed", timeColumn: "time" },
  { table: "events_per_minute", timeColumn: "minute" },
  { table: "dead_letters", timeColumn: "received_at" },
];

async function hasTtl(client: ClickHouseClient, table: string): Promise<boolean> {
  const rs = await client.query({
    query: "SELECT create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name = {table:String}",
    query_params: { table },
    format: "JSONEachRow",
  });
  const [row] = await rs.json<{ q: string }>();
  return /\bTTL\b/.test(row?.q ?? "");
}

/** Sets (or, with null, removes) the TTL of every retained table. Idempotent; runs at each start. */
export async function applyRetention(client: ClickHouseClient, days: number | null, ctx: DdlContext): Promise<void> {
  for (const { table, timeColumn } of RETAINED_TABLES) {
    if (days === null) {
      if (await hasTtl(client, table)) await client.command({ query: `ALTER TABLE ${table}${onCluster(ctx)} REMOVE TTL` });
      continue;
    }
    // `days` is a validated integer (config.ts); DDL takes no query parameters.
    await client.command({ query: `ALTER TABLE ${table}${onCluster(ctx)} MODIFY TTL toDateTime(${timeColumn}) + INTERVAL ${Math.trunc(days)} DAY` });
  }
}
