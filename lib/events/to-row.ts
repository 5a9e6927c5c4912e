import { toClickHouseTime } from "../clickhouse/time";
import type { z } from "zod";
import { cloudEventSchema, MAX_JSON_DEPTH, TELEMETRY_TYPE_PREFIX, type CloudEvent, type EventRow, type EventStatus } from "./contract";
import { formatJsonPath, pathBeyondDepth } from "./json-nesting";

export type ParsedEvent = { ok: true; row: EventRow } | { ok: false; id: string | null; reason: string };

/** ClickHouse DateTime64(3) text form, always UTC. */

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

/**
 * A telemetry event's route fields from its data, as ClickHouse's JSONExtract reads them in
 * events_ingest_mv (migration 0013): a string as itself, null or absent as empty, anything else
 * as its JSON text.
 */
function routeOf(ev: CloudEvent): { interface: string; from_system: string; to_system: string } {
  const data = ev.data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { interface: "", from_system: "", to_system: "" };
  const text = (v: unknown) => (typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v));
  const d = data as Record<string, unknown>;
  return { interface: text(d.interface), from_system: text(d.from), to_system: text(d.to) };
}

const NO_ROUTE = { interface: "", from_system: "", to_system: "" };

export function cloudEventToRow(ev: CloudEvent, receivedAt: Date): EventRow {
  const isTelemetry = ev.type.startsWith(TELEMETRY_TYPE_PREFIX);
  const [, traceId = "", spanId = ""] = ev.traceparent?.split("-") ?? [];
  const row: EventRow = {
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
    ...(isTelemetry ? routeOf(ev) : NO_ROUTE),
  };
  if (ev.subject !== undefined) row.subject = ev.subject;
  if (ev.replayof !== undefined) row.replay_of = ev.replayof;
  return row;
}

/** The event's id when it has a readable one, so even a refused event is reported by it. */
export function readableEventId(raw: unknown): string | null {
  return typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : null;
}

/** What is wrong with input nested beyond MAX_JSON_DEPTH, after the path that leads there (`data: …`). */
export const TOO_DEEP = `nests deeper than the limit of ${MAX_JSON_DEPTH} levels of JSON objects and arrays`;

/**
 * Validates one decoded CloudEvent and maps it to a row; never throws on bad input. Every
 * channel comes through here, so the nesting limit is checked here, before anything walks the
 * event recursively. `maxBytes` limits the event's size as JSON, for channels that did not
 * measure it as received.
 */
export function parseCloudEvent(raw: unknown, receivedAt: Date, limits: { maxBytes?: number } = {}): ParsedEvent {
  const id = readableEventId(raw);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, id: null, reason: "event must be a JSON object" };
  }
  const tooDeep = pathBeyondDepth(raw, MAX_JSON_DEPTH);
  if (tooDeep) return { ok: false, id, reason: `${formatJsonPath(tooDeep.slice(0, 1))}: ${TOO_DEEP}` };
  if (limits.maxBytes !== undefined) {
    const size = Buffer.byteLength(JSON.stringify(raw));
    if (size > limits.maxBytes) return { ok: false, id, reason: `event is ${size} bytes; the limit is ${limits.maxBytes}` };
  }
  const result = cloudEventSchema.safeParse(raw);
  if (!result.success) return { ok: false, id, reason: describeIssues(result.error) };
  return { ok: true, row: cloudEventToRow(result.data, receivedAt) };
}
