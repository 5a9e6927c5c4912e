import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { engine, onCluster, type DdlContext, type Migration } from "./ddl";
import { clickhouseMigrations } from "./migrations";

export interface MigrationResult {
  applied: number[];
  alreadyApplied: number[];
}

async function appliedVersions(client: ClickHouseClient): Promise<Set<number>> {
  const rs = await client.query({
    query: "SELECT version FROM schema_migrations FINAL",
    format: "JSONEachRow",
  });
  const rows = await rs.json<{ version: number }>();
  return new Set(rows.map((r) => Number(r.version)));
}

/**
 * Applies pending migrations in order and records each in the ledger. Every statement is
 * idempotent (IF NOT EXISTS), so a crash between a statement and its ledger row is
 * repaired by the next start.
 */
export async function migrateClickHouse(
  client: ClickHouseClient,
  ctx: DdlContext,
  migrations: readonly Migration[] = clickhouseMigrations,
): Promise<MigrationResult> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations${onCluster(ctx)} (
  version UInt32,
  name String,
  applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ${engine(ctx, "ReplacingMergeTree", "applied_at")} ORDER BY version`,
  });
  const done = await appliedVersions(client);
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) {
      result.alreadyApplied.push(m.version);
      continue;
    }
    for (const statement of m.statements(ctx)) {
      await client.command({ query: statement });
    }
    await client.insert({ table: "schema_migrations", values: [{ version: m.version, name: m.name }], format: "JSONEachRow" });
    result.applied.push(m.version);
  }
  return result;
}
