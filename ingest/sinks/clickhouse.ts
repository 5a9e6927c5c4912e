import type { ClickHouseClient } from "@clickhouse/client";
import type { EventRow } from "../../lib/events/contract";

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
function dedupSettings(token: string | undefined) {
  return token ? { insert_deduplication_token: token, deduplicate_blocks_in_dependent_materialized_views: 1 as const } : {};
}

export function createEventSink(client: ClickHouseClient) {
  return {
    async writeEvents(rows: EventRow[], token?: string): Promise<void> {
      if (rows.length === 0) return;
      await client.insert({ table: "events", values: rows, format: "JSONEachRow", clickhouse_settings: dedupSettings(token) });
    },
    async writeDeadLetters(rows: DeadLetterRow[], token?: string): Promise<void> {
      if (rows.length === 0) return;
      await client.insert({ table: "dead_letters", values: rows, format: "JSONEachRow", clickhouse_settings: dedupSettings(token) });
    },
  };
}

export type EventSink = ReturnType<typeof createEventSink>;
