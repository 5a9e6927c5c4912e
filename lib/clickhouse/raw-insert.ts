import { Readable } from "node:stream";
import type { ClickHouseClient } from "@clickhouse/client";

/**
 * Inserting bytes that are already in the insert's format. Embedded, chDB takes the Buffer as it
 * is (no copy into a JS string, no per-row objects); against a server the bytes are the HTTP
 * body. Settings go into the statement's SETTINGS clause, scoped to it (never a session SET:
 * docs/ingest-guarantees.md).
 */
export type RawInsert = (params: { table: string; format: "JSONEachRow"; body: Buffer; settings: Record<string, string | number> }) => Promise<void>;

interface ChdbRawInserter {
  rawInsert(params: { table: string; values: Buffer; format: "JSONEachRow"; settings: Record<string, string | number> }): Promise<unknown>;
}

const inserters = new WeakMap<ClickHouseClient, RawInsert>();

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function literal(value: string | number): string {
  return typeof value === "number" ? String(value) : `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Called once by createClickHouse for an embedded client. */
export function registerChdbRawInsert(client: ClickHouseClient, connection: { chdb?: ChdbRawInserter }): void {
  const chdb = connection.chdb;
  if (!chdb) return;
  inserters.set(client, ({ table, format, body, settings }) => chdb.rawInsert({ table, values: body, format, settings }).then(() => undefined));
}

export function rawInsert(client: ClickHouseClient): RawInsert {
  const embedded = inserters.get(client);
  if (embedded) return embedded;
  return async ({ table, format, body, settings }) => {
    const names = [table, ...Object.keys(settings)];
    const bad = names.find((n) => !IDENTIFIER.test(n));
    if (bad) throw new Error(`raw insert: ${JSON.stringify(bad)} is not an identifier`);
    const clause = Object.entries(settings)
      .map(([k, v]) => `${k} = ${literal(v)}`)
      .join(", ");
    const result = await client.exec({ query: `INSERT INTO ${table}${clause ? ` SETTINGS ${clause}` : ""} FORMAT ${format}`, values: Readable.from([body]) });
    result.stream.destroy();
  };
}

/** ClickHouse's error code of a failed query, from the error or its message (`Code: 117. DB::Exception: …`). */
export function clickhouseErrorCode(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const { clickhouseCode, code } = error as { clickhouseCode?: unknown; code?: unknown };
  if (typeof clickhouseCode === "number") return clickhouseCode;
  if (typeof code === "number") return code;
  if (typeof code === "string" && /^\d+$/.test(code)) return Number(code);
  const match = /Code: (\d+)\./.exec(String((error as { message?: unknown }).message ?? ""));
  return match ? Number(match[1]) : null;
}
