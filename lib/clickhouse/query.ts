import "server-only";
import { randomUUID } from "node:crypto";
import type { ClickHouseClient } from "@clickhouse/client";

/**
 * Runs one named, parameterised query. Values only travel as `{name:Type}` parameters; the
 * name becomes the query_id prefix so logs and system.query_log say which query ran.
 */
export async function runQuery<Row>(ch: ClickHouseClient, name: string, query: string, params: Record<string, unknown> = {}): Promise<Row[]> {
  const rs = await ch.query({ query, query_params: params, format: "JSONEachRow", query_id: `${name}-${randomUUID()}` });
  return rs.json<Row>();
}

/**
 * `runQuery` for answers of thousands of rows: each row comes back as an array in the SELECT's
 * column order (JSONCompactEachRow). Writing and parsing no column names per row measured
 * 23 → 14 ms for 10,001 rows of lot facts.
 */
export async function runCompactQuery<Row extends unknown[]>(ch: ClickHouseClient, name: string, query: string, params: Record<string, unknown> = {}): Promise<Row[]> {
  const rs = await ch.query({ query, query_params: params, format: "JSONCompactEachRow", query_id: `${name}-${randomUUID()}` });
  return rs.json<Row>();
}

/**
 * Several SELECTs in one round trip, as the branches of one UNION ALL. chDB runs one query at a
 * time and each costs ~1.5 ms before it reads anything, while the branches of one query run in
 * parallel (`npm run bench:queries`: a lot's three reads went from 20 to 15 ms). Each branch's
 * rows come back as the JSONEachRow objects its query would give alone, but a union keeps no
 * order, so callers sort. The branches share one set of parameters.
 */
export async function runQueries<Rows extends Record<string, unknown>>(
  ch: ClickHouseClient,
  name: string,
  queries: { [K in keyof Rows]: string },
  params: Record<string, unknown> = {},
): Promise<{ [K in keyof Rows]: Rows[K][] }> {
  const keys = Object.keys(queries) as (keyof Rows)[];
  const union = keys.map((k, i) => `SELECT toUInt8(${i}) AS branch, formatRowNoNewline('JSONEachRow', *) AS row FROM (${queries[k]})`).join("\nUNION ALL\n");
  const out = Object.fromEntries(keys.map((k) => [k, []])) as unknown as { [K in keyof Rows]: unknown[] };
  for (const r of await runQuery<{ branch: number; row: string }>(ch, name, union, params)) out[keys[r.branch]!].push(JSON.parse(r.row));
  return out as { [K in keyof Rows]: Rows[K][] };
}

/** Plant scope as query parameters: an empty list with all=1 means every plant. */
export function plantScope(plants: string[] | null): { scopeAll: number; scopePlants: string[] } {
  return { scopeAll: plants === null ? 1 : 0, scopePlants: plants ?? [] };
}

export const PLANT_SCOPE_SQL = "({scopeAll:UInt8} = 1 OR plant IN {scopePlants:Array(String)})";
