import type { createClient } from "@clickhouse/client";

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>["connection"]>;
type Settings = Parameters<ClientConnection["query"]>[0]["clickhouse_settings"];

/**
 * Settings the chDB connection consumes itself instead of sending them as `SET`: the format
 * option and the HTTP-transport settings clickhouse-js may add. Passing them on is harmless.
 */
const CONNECTION_OPTIONS = new Set([
  "default_format",
  "wait_end_of_query",
  "send_progress_in_http_headers",
  "http_response_buffer_size",
  "http_headers_progress_interval_ms",
  "http_send_progress_interval_ms",
  "enable_http_compression",
  "http_zlib_compression_level",
  "http_response_compression_method",
  "http_native_compression_disable_checksumming_on_decompress",
]);

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SESSION_SET = /^\s*SET\s/i;
const INSERT_FORMAT = /^(INSERT INTO [\s\S]+?) FORMAT (\w+)$/;
const TRAILING_FORMAT = /\nFORMAT (\w+)$/;

export class SessionSettingError extends Error {
  override name = "SessionSettingError";
}

function literal(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  return `'${String(value).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Splits a call's settings into the SQL `SETTINGS` clause and what the connection consumes itself. */
function splitSettings(settings: Settings): { clause: string; passOn: NonNullable<Settings> } {
  const assignments: string[] = [];
  const passOn: NonNullable<Settings> = {};
  for (const [name, value] of Object.entries(settings ?? {})) {
    if (value === undefined) continue;
    if (CONNECTION_OPTIONS.has(name)) {
      passOn[name] = value;
      continue;
    }
    if (!SETTING_NAME.test(name)) throw new SessionSettingError(`invalid setting name ${JSON.stringify(name)}`);
    assignments.push(`${name} = ${literal(value)}`);
  }
  return { clause: assignments.join(", "), passOn };
}

function refuseSessionSet(sql: string) {
  if (SESSION_SET.test(sql)) {
    throw new SessionSettingError("a session-level SET would change every later query on the shared embedded session; put the setting in the statement's SETTINGS clause");
  }
}

/**
 * chDB runs every query of the process on one session, and `chdb/connection` turns a call's
 * `clickhouse_settings` into `SET k = v; <query>` on it — so a setting outlives its query and
 * changes every later one (an `insert_deduplication_token` made every later untokened insert a
 * silent duplicate). This connection moves per-call settings into the statement's own `SETTINGS`
 * clause, which ClickHouse scopes to that statement, so no query can change another, even when
 * calls run concurrently. Where a statement has no place for a clause we can write safely
 * (commands and exec with settings, a query that already has a SETTINGS clause), it refuses
 * loudly rather than fall back to a session `SET`; a statement that is itself a `SET` is refused too.
 */
export function withQueryScopedSettings(inner: ClientConnection): ClientConnection {
  return {
    ping: (params) => inner.ping(params),
    close: () => inner.close(),
    async insert(params) {
      const { clause, passOn } = splitSettings(params.clickhouse_settings);
      if (!clause) return inner.insert(params);
      const match = INSERT_FORMAT.exec(params.query);
      if (!match) throw new SessionSettingError(`cannot scope settings to the insert ${JSON.stringify(params.query.slice(0, 80))}`);
      return inner.insert({ ...params, query: `${match[1]} SETTINGS ${clause} FORMAT ${match[2]}`, clickhouse_settings: passOn });
    },
    async query(params) {
      refuseSessionSet(params.query);
      const { clause, passOn } = splitSettings(params.clickhouse_settings);
      if (!clause) return inner.query(params);
      const match = TRAILING_FORMAT.exec(params.query);
      const body = match ? params.query.slice(0, match.index) : params.query;
      if (/\bSETTINGS\b/i.test(body)) throw new SessionSettingError("the query has its own SETTINGS clause: put every setting there, not in clickhouse_settings");
      const format = match ? `\nFORMAT ${match[1]}` : "";
      return inner.query({ ...params, query: `${body}\nSETTINGS ${clause}${format}`, clickhouse_settings: passOn });
    },
    async command(params) {
      refuseSessionSet(params.query);
      if (splitSettings(params.clickhouse_settings).clause) throw new SessionSettingError("per-call settings on a command would outlive it on the embedded session; write them into the statement");
      return inner.command(params);
    },
    async exec(params) {
      refuseSessionSet(params.query);
      if (splitSettings(params.clickhouse_settings).clause) throw new SessionSettingError("per-call settings on exec would outlive it on the embedded session; write them into the statement");
      return inner.exec(params);
    },
  };
}
