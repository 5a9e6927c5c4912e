import type { ClickHouseClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClickHouse } from "../lib/clickhouse/client";
import { migrateClickHouse } from "../lib/clickhouse/migrate";
import { applyRetention, RETAINED_TABLES } from "../lib/clickhouse/retention";
import { clickhouseMigrations } from "../lib/clickhouse/migrations";
import { makeTempDir } from "./temp-dir";

const dir = makeTempDir("ch-migrations");
let client: ClickHouseClient;

async function schema(): Promise<{ name: string; create_table_query: string }[]> {
  const rs = await client.query({
    query: "SELECT name, create_table_query FROM system.tables WHERE database = currentDatabase() ORDER BY name",
    format: "JSONEachRow",
  });
  return rs.json();
}

beforeAll(async () => {
  client = await createClickHouse({ mode: "embedded", path: dir.path, database: "default", cluster: undefined });
});

afterAll(async () => {
  await client.close();
  dir.remove();
});

describe("ClickHouse migrations (real chDB)", () => {
  it("apply once, then a second run changes nothing", async () => {
    const first = await migrateClickHouse(client, {});
    expect(first.applied).toEqual(clickhouseMigrations.map((m) => m.version));
    const before = await schema();
    expect(before.map((t) => t.name)).toEqual(
      expect.arrayContaining(["events", "events_by_lot", "events_by_lot_mv", "events_by_order", "events_failed", "events_per_minute", "dead_letters", "schema_migrations"]),
    );

    const second = await migrateClickHouse(client, {});
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);
    expect(await schema()).toEqual(before);

    const ledger = await (await client.query({ query: "SELECT version, name FROM schema_migrations FINAL ORDER BY version", format: "JSONEachRow" })).json();
    expect(ledger).toEqual(clickhouseMigrations.map((m) => ({ version: m.version, name: m.name })));
  });

  it("feeds the lot, order, failure and per-minute tables from an insert into events", async () => {
    await client.insert({
      table: "events",
      format: "JSONEachRow",
      values: [
        { event_id: "e1", time: "2026-11-22 10:00:00.000", kind: "business", source_system: "QMS", source: "/q", type: "mfg.inspection.failed", plant: "P100", correlation_id: "c1", trace_id: "", span_id: "", lot_id: "L1", order_id: "O1", message_id: "", status: "ok", duration_ms: 0, error: "", payload: "{}" },
        { event_id: "e2", time: "2026-11-22 10:00:01.000", kind: "telemetry", source_system: "MIDDLEWARE", source: "/m", type: "integration.message.failed", plant: "P100", correlation_id: "c1", trace_id: "", span_id: "", lot_id: "L1", order_id: "", message_id: "m1", status: "failed", duration_ms: 12, error: "503", payload: "" },
      ],
    });
    const count = async (sql: string) => Number(((await (await client.query({ query: sql, format: "JSONEachRow" })).json<{ c: string }>())[0]!).c);
    expect(await count("SELECT count() AS c FROM events_by_lot WHERE lot_id = 'L1'")).toBe(2);
    expect(await count("SELECT count() AS c FROM events_by_order WHERE order_id = 'O1'")).toBe(1);
    expect(await count("SELECT count() AS c FROM events_failed")).toBe(1);
    expect(await count("SELECT sum(events) AS c FROM events_per_minute WHERE plant = 'P100'")).toBe(2);
  });

  it("ages event data out after the retention period, keeps genealogy, and removes the TTL when unset", async () => {
    await applyRetention(client, 30, {});
    await applyRetention(client, 30, {});
    const ttl = (name: string) => schema().then((tables) => /\bTTL\b/.test(tables.find((t) => t.name === name)!.create_table_query));
    for (const { table } of RETAINED_TABLES) expect(await ttl(table)).toBe(true);
    expect(await ttl("lot_edges_by_parent")).toBe(false);
    expect(await ttl("lot_status")).toBe(false);

    const old = new Date(Date.now() - 40 * 86_400_000).toISOString().replace("T", " ").replace("Z", "");
    await client.insert({
      table: "events",
      format: "JSONEachRow",
      values: [{ event_id: "old-1", time: old, kind: "business", source_system: "MES", source: "/m", type: "mfg.lot.produced", plant: "P100", correlation_id: "c-old", trace_id: "", span_id: "", lot_id: "L-OLD", order_id: "", message_id: "", status: "ok", duration_ms: 0, error: "", payload: '{"parentLots":["L-OLDER"]}' }],
    });
    await client.command({ query: "OPTIMIZE TABLE events FINAL" });
    const left = await (await client.query({ query: "SELECT count() AS c FROM events WHERE event_id = 'old-1'", format: "JSONEachRow" })).json<{ c: string }>();
    expect(Number(left[0]!.c)).toBe(0);
    const edge = await (await client.query({ query: "SELECT count() AS c FROM lot_edges_by_child WHERE child_lot = 'L-OLD'", format: "JSONEachRow" })).json<{ c: string }>();
    expect(Number(edge[0]!.c)).toBe(1);

    await applyRetention(client, null, {});
    for (const { table } of RETAINED_TABLES) expect(await ttl(table)).toBe(false);
  });
});
