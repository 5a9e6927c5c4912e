import type { z } from "zod";
import { cloudEventSchema, TELEMETRY_TYPE_PREFIX, type CloudEvent, type EventRow, type EventStatus } from "./contract";

export type ParsedEvent = { ok: true; row: EventRow } | { ok: false; id: string | null; reason: string };

/** ClickHouse DateTime64(3) text form, always UTC. */
export function toClickHouseTime(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

function telemetryStatus(type: string): EventStatus {
  const action = type.slice(type.lastIndexOf(".") + 1);
  switch (action) {
    case "failed":
      return "failed";
    case "deadlettered":
      return "dead_lettered";
    case "retried":
      return "retrying";
    default:
      return "ok";
  }
}

function payloadOf(ev: CloudEvent): string {
  if (ev.data_base64 !== undefined) return JSON.stringify({ data_base64: ev.data_base64 });
  if (ev.data === undefined) return "";
  return JSON.stringify(ev.data);
}

export function cloudEventToRow(ev: CloudEvent, receivedAt: Date): EventRow {
  const isTelemetry = ev.type.startsWith(TELEMETRY_TYPE_PREFIX);
  const [, traceId = "", spanId = ""] = ev.traceparent?.split("-") ?? [];
  return {
    event_id: ev.id,
    time: toClickHouseTime(ev.time ? new Date(ev.time) : receivedAt),
    kind: isTelemetry ? "telemetry" : "business",
    source_system: ev.sourcesystem ?? (isTelemetry ? "MIDDLEWARE" : "UNKNOWN"),
    source: ev.source,
    type: ev.type,
    plant: ev.plant ?? "",
    correlation_id: ev.correlationid ?? "",
    trace_id: traceId,
    span_id: spanId,
    lot_id: ev.lotid ?? "",
    order_id: ev.orderid ?? "",
    message_id: ev.messageid ?? "",
    status: ev.status ?? (isTelemetry ? telemetryStatus(ev.type) : "ok"),
    duration_ms: ev.durationms ?? 0,
    error: ev.errormessage ?? "",
    payload: payloadOf(ev),
  };
}

/** Validates one decoded CloudEvent and maps it to a row; never throws on bad input. */
export function parseCloudEvent(raw: unknown, receivedAt: Date): ParsedEvent {
  const id = typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : null;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, id: null, reason: "event must be a JSON object" };
  }
  const result = cloudEventSchema.safeParse(raw);
  if (!result.success) return { ok: false, id, reason: describeIssues(result.error) };
  return { ok: true, row: cloudEventToRow(result.data, receivedAt) };
}
