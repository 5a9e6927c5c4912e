import type { ClickHouseClient } from "@clickhouse/client";
import type { EventRow } from "../../lib/events/contract";

export interface DeadLetterRow {
  channel: "http" | "kafka" | "simulator";
  request_id: string;
  topic: string;
  partition: number;
  offset: number;
  event_id: string;
  reason: string;
  raw: string;
}

export function createEventSink(client: ClickHouseClient) {
  return {
    async writeEvents(rows: EventRow[]): Promise<void> {
      await client.insert({ table: "events", values: rows, format: "JSONEachRow" });
    },
    async writeDeadLetters(rows: DeadLetterRow[]): Promise<void> {
      if (rows.length === 0) return;
      await client.insert({ table: "dead_letters", values: rows, format: "JSONEachRow" });
    },
  };
}

export type EventSink = ReturnType<typeof createEventSink>;
