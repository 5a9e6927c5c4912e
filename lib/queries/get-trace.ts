import "server-only";
import { z } from "zod";
import { runQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";

export const traceIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "a correlation id is printable ASCII without spaces");

export interface TraceEvent {
  id: string;
  time: string;
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

/** Every event of one correlation id in time order; the table's primary key starts with correlation_id. */
export async function getTraceEvents(correlationId: string): Promise<TraceEvent[]> {
  const rows = await runQuery<TraceEvent>(
    "trace-events",
    `SELECT event_id AS id, time, source_system AS system, plant, type, kind, status, lot_id AS lotId, order_id AS orderId,
            message_id AS messageId, trace_id AS traceId, span_id AS spanId, duration_ms AS durationMs, error, source, payload
     FROM events
     WHERE correlation_id = {id:String}
     ORDER BY time, event_id
     LIMIT 1 BY id
     LIMIT {limit:UInt32}`,
    { id: correlationId, limit: TRACE_EVENT_LIMIT },
  );
  return rows.map((r) => ({ ...r, time: chTimeToIso(r.time), durationMs: Number(r.durationMs) }));
}
