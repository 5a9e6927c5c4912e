import type { ClickHouseClient } from "@clickhouse/client";
import { clickhouseErrorCode, rawInsert } from "../../lib/clickhouse/raw-insert";
import type { ForwardLine } from "../forward-event";

export interface DeadLetterRow {
  channel: "http" | "kafka" | "simulator" | "otlp";
  request_id: string;
  topic: string;
  partition: number;
  offset: number;
  event_id: string;
  reason: string;
  raw: string;
}

/**
 * An insert tagged with a deduplication token is dropped by ClickHouse when a block with the
 * same token was already written, in the table and in every materialized view it feeds.
 */
function dedupSettings(token: string | undefined): Record<string, string | number> {
  return token ? { insert_deduplication_token: token, deduplicate_blocks_in_dependent_materialized_views: 1 } : {};
}

/**
 * How `events_ingest` reads forwarded events (migration 0013). Explicit, so a server's profile
 * cannot change it: unknown attributes skipped, objects, arrays, numbers and booleans in String
 * columns kept as their JSON text, and a lone UTF-16 surrogate escape (JSON.parse takes it)
 * stored as written rather than failing the insert. The derived tables' views run side by side
 * (`parallel_view_processing`): one after another they left the second core idle for most of an
 * insert (measured in bench:ingest's limit run).
 */
const FORWARD_SETTINGS = {
  input_format_skip_unknown_fields: 1,
  input_format_json_read_objects_as_strings: 1,
  input_format_json_read_arrays_as_strings: 1,
  input_format_json_read_numbers_as_strings: 1,
  input_format_json_read_bools_as_strings: 1,
  input_format_null_as_default: 1,
  input_format_json_throw_on_bad_escape_sequence: 0,
  parallel_view_processing: 1,
} as const;

/**
 * Errors that mean ClickHouse could not read or convert the data, not that it cannot take writes:
 * retrying the same bytes would fail forever, so the batch is split to find the event at fault.
 */
const DATA_ERRORS = new Set([6, 25, 26, 27, 32, 38, 41, 53, 69, 70, 72, 117, 131, 321]);

export interface ForwardRejection {
  /** Index of the event in the lines given to forwardEvents. */
  index: number;
  reason: string;
}

function refusal(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return `ClickHouse could not read the event: ${text.split("\n")[0]!.slice(0, 500)}`;
}

/** Lines of JSON (one event each) as one body, copied once. */
function jsonLines(lines: readonly ForwardLine[]): Buffer {
  const parts: Buffer[] = [];
  const newline = Buffer.from("\n");
  for (const line of lines) {
    if (typeof line === "string") parts.push(Buffer.from(line));
    else if (Buffer.isBuffer(line)) parts.push(line);
    else parts.push(Buffer.from(line[0]), line[1]);
    parts.push(newline);
  }
  return Buffer.concat(parts);
}

export function createEventSink(client: ClickHouseClient) {
  const insertRaw = rawInsert(client);
  // One forwarded insert in flight: chDB serialises them anyway, and two would only hold two batches in memory.
  let lane: Promise<unknown> = Promise.resolve();
  let insertingMs = 0;

  async function insertLines(lines: readonly ForwardLine[], token: string | undefined) {
    const started = performance.now();
    try {
      await insertRaw({ table: "events_ingest", format: "JSONEachRow", body: jsonLines(lines), settings: { ...FORWARD_SETTINGS, ...dedupSettings(token) } });
    } finally {
      insertingMs += performance.now() - started;
    }
  }

  /**
   * Splits a batch ClickHouse refuses as data in halves until the events at fault stand alone.
   * The halves' tokens derive from the batch's, so a re-sent range splits the same way and each
   * half is written once. A batch is one block (far below min_insert_block_size_rows), so a refused
   * insert wrote nothing.
   */
  async function insertIsolating(lines: readonly ForwardLine[], token: string | undefined, offset: number, rejected: ForwardRejection[]): Promise<void> {
    try {
      await insertLines(lines, token);
    } catch (error) {
      if (!DATA_ERRORS.has(clickhouseErrorCode(error) ?? -1)) throw error;
      if (lines.length === 1) {
        rejected.push({ index: offset, reason: refusal(error) });
        return;
      }
      const mid = lines.length >>> 1;
      await insertIsolating(lines.slice(0, mid), token && `${token}:a`, offset, rejected);
      await insertIsolating(lines.slice(mid), token && `${token}:b`, offset + mid, rejected);
    }
  }

  return {
    /** Time spent inside forwarded inserts since the sink was made, not waiting for the lane. */
    insertingMs: () => insertingMs,

    /**
     * Writes forwarded events (ingest/forward-event.ts) into `events_ingest`, which maps them into
     * `events` and every table derived from it. Resolves with the events ClickHouse itself refused
     * (for the caller's dead letters); every other event is stored. Throws when ClickHouse fails.
     */
    forwardEvents(lines: readonly ForwardLine[], token?: string): Promise<ForwardRejection[]> {
      if (lines.length === 0) return Promise.resolve([]);
      const run = lane.then(async () => {
        const rejected: ForwardRejection[] = [];
        await insertIsolating(lines, token, 0, rejected);
        return rejected;
      });
      lane = run.catch(() => {});
      return run;
    },
    async writeDeadLetters(rows: DeadLetterRow[], token?: string): Promise<void> {
      if (rows.length === 0) return;
      await client.insert({ table: "dead_letters", values: rows, format: "JSONEachRow", clickhouse_settings: dedupSettings(token) });
    },
  };
}

export type EventSink = ReturnType<typeof createEventSink>;
