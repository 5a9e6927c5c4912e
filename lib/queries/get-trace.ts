import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { z } from "zod";
import { runQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";

export const businessIdSchema = (what: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, `${what} is printable ASCII without spaces`);

export const traceIdSchema = businessIdSchema("a correlation id");

export interface TraceEvent {
  id: string;
  time: string;
  correlationId: string;
  system: string;
  plant: string;
  type: string;
  kind: "business" | "telemetry";
  status: string;
  lotId: string;
  orderId: string;
  messageId: string;
  traceId: string;
  spanId: string;
  durationMs: number;
  error: string;
  source: string;
  payload: string;
}

export const TRACE_EVENT_LIMIT = 5000;

const EVENT_COLUMNS = `event_id AS id, time, correlation_id AS correlationId, source_system AS system, plant, type, kind, status,
  lot_id AS lotId, order_id AS orderId, message_id AS messageId, trace_id AS traceId, span_id AS spanId,
  duration_ms AS durationMs, error, source, payload`;

const toEvent = (r: TraceEvent): TraceEvent => ({ ...r, time: chTimeToIso(r.time), durationMs: Number(r.durationMs) });

/** The events of some correlation ids in time order, one copy each; the table's primary key starts with correlation_id. */
async function readTraces(ch: ClickHouseClient, name: string, correlationIds: readonly string[], limit: number): Promise<TraceEvent[]> {
  const rows = await runQuery<TraceEvent>(
    ch,
    name,
    `SELECT ${EVENT_COLUMNS}
     FROM events
     WHERE correlation_id IN {ids:Array(String)}
     ORDER BY time, event_id
     LIMIT 1 BY id
     LIMIT {limit:UInt32}`,
    { ids: correlationIds, limit },
  );
  return rows.map(toEvent);
}

/** Every event of one correlation id in time order. */
export async function getTraceEvents(ch: ClickHouseClient, correlationId: string): Promise<TraceEvent[]> {
  return readTraces(ch, "trace-events", [correlationId], TRACE_EVENT_LIMIT);
}

const KEY_TABLES = {
  lot: { table: "events_by_lot", column: "lot_id" },
  order: { table: "events_by_order", column: "order_id" },
} as const;

/**
 * The full story of a lot or an order: every event of every correlation id that touched it, in
 * time order. The key table names the correlation ids; the events table is keyed by them.
 */
export async function getKeyTimeline(ch: ClickHouseClient, kind: keyof typeof KEY_TABLES, id: string, limit = TRACE_EVENT_LIMIT): Promise<TraceEvent[]> {
  const { table, column } = KEY_TABLES[kind];
  const rows = await runQuery<TraceEvent>(
    ch,
    `${kind}-timeline`,
    `SELECT ${EVENT_COLUMNS}
     FROM events
     WHERE correlation_id IN (SELECT correlation_id FROM ${table} WHERE ${column} = {id:String})
     ORDER BY time, event_id
     LIMIT 1 BY id
     LIMIT {limit:UInt32}`,
    { id, limit },
  );
  return rows.map(toEvent);
}

/**
 * Every event of several correlation ids (a recall pack's), in time order: one read of the events
 * table, whose primary key starts with correlation_id. Ask for one row more than you keep to
 * tell whether the limit cut the answer.
 */
export async function getEventsOfTraces(ch: ClickHouseClient, correlationIds: readonly string[], limit: number): Promise<TraceEvent[]> {
  return correlationIds.length === 0 ? [] : readTraces(ch, "traces-events", correlationIds, limit);
}
