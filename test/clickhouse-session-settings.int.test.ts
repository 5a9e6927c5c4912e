import type { ClickHouseClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClickHouse } from "../lib/clickhouse/client";
import { makeTempDir } from "./temp-dir";

// The mechanism under the "nothing lost" guarantee: one chDB session serves every query of the
// process, so a per-call setting must never reach a later (or a concurrent) call.
const dir = makeTempDir("ch-settings");
let client: ClickHouseClient;

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return (await client.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}
const sessionToken = async () => (await rows<{ t: string }>("SELECT getSetting('insert_deduplication_token') AS t"))[0]!.t;
const dedup = (token: string) => ({ insert_deduplication_token: token, deduplicate_blocks_in_dependent_materialized_views: 1 as const });

beforeAll(async () => {
  client = await createClickHouse({ mode: "embedded", path: `${dir.path}/ch`, database: "default", cluster: undefined });
  await client.command({ query: "CREATE TABLE probe (n UInt32, label String) ENGINE = MergeTree ORDER BY n SETTINGS non_replicated_deduplication_window = 1000" });
});

afterAll(async () => {
  await client.close();
  dir.remove();
});

describe("embedded ClickHouse: per-call settings stay with their call (real chDB)", () => {
  it("an insert with a deduplication token does not turn later untokened inserts into duplicates", async () => {
    await client.insert({ table: "probe", values: [{ n: 1, label: "a" }], format: "JSONEachRow", clickhouse_settings: dedup("topic-0-0-0") });
    expect(await sessionToken()).toBe("");
    await client.insert({ table: "probe", values: [{ n: 2, label: "b" }], format: "JSONEachRow" });
    await client.insert({ table: "probe", values: [{ n: 3, label: "c" }], format: "JSONEachRow" });
    expect(await sessionToken()).toBe("");
    expect((await rows<{ n: number }>("SELECT n FROM probe ORDER BY n")).map((r) => r.n)).toEqual([1, 2, 3]);
  });

  it("still drops a retried block that carries the same token", async () => {
    await client.insert({ table: "probe", values: [{ n: 10, label: "x" }], format: "JSONEachRow", clickhouse_settings: dedup("topic-0-10-10") });
    await client.insert({ table: "probe", values: [{ n: 10, label: "x" }], format: "JSONEachRow", clickhouse_settings: dedup("topic-0-10-10") });
    expect(await rows("SELECT n FROM probe WHERE n = 10")).toHaveLength(1);
  });

  it("keeps settings apart when tokened and untokened inserts and reads run concurrently", async () => {
    const calls: Promise<unknown>[] = [];
    const tokensSeen: Promise<string>[] = [];
    for (let i = 0; i < 40; i++) {
      calls.push(client.insert({ table: "probe", values: [{ n: 100 + i, label: "t" }], format: "JSONEachRow", clickhouse_settings: dedup(`tok-${i}`) }));
      calls.push(client.insert({ table: "probe", values: [{ n: 200 + i, label: "u" }], format: "JSONEachRow" }));
      tokensSeen.push(sessionToken());
    }
    await Promise.all(calls);
    expect(new Set(await Promise.all(tokensSeen))).toEqual(new Set([""]));
    expect(await rows("SELECT n FROM probe WHERE n >= 100 AND n < 300")).toHaveLength(80);
  });

  it("scopes a query's settings to that query, with or without parameters", async () => {
    const [scoped] = await (
      await client.query({ query: "SELECT getSetting('max_result_rows') AS m, {x:UInt8} AS x", query_params: { x: 7 }, format: "JSONEachRow", clickhouse_settings: { max_result_rows: "123" } })
    ).json<{ m: number; x: number }>();
    expect(scoped).toEqual({ m: 123, x: 7 });
    expect((await rows<{ m: number }>("SELECT getSetting('max_result_rows') AS m"))[0]!.m).toBe(0);
  });

  it("refuses what would change the session instead of silently leaking", async () => {
    await expect(client.command({ query: "SET insert_deduplication_token = 'leak'" })).rejects.toThrow(/session-level SET/);
    await expect(client.command({ query: "OPTIMIZE TABLE probe", clickhouse_settings: { optimize_throw_if_noop: 1 } })).rejects.toThrow(/outlive/);
    await expect(client.query({ query: "SELECT 1 SETTINGS max_threads = 1", clickhouse_settings: { max_result_rows: "5" } })).rejects.toThrow(/own SETTINGS/);
    expect(await sessionToken()).toBe("");
  });
});
