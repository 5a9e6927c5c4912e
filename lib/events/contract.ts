import { z } from "zod";

/**
 * The Lotline event contract: CloudEvents 1.0 with extension attributes carrying the
 * business keys. Business events and integration telemetry share one envelope so one
 * correlation id can be followed across both.
 */

export const SOURCE_SYSTEMS = ["ERP", "MES", "QMS", "WMS", "CMMS", "SUPPLIER", "MIDDLEWARE", "ANALYTICS", "PORTAL", "UNKNOWN"] as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[number];

export const EVENT_STATUSES = ["ok", "failed", "retrying", "dead_lettered", "pending"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** Telemetry from the integration layer uses this type prefix; everything else is a business event. */
export const TELEMETRY_TYPE_PREFIX = "integration.";

export const MAX_EVENT_BYTES = 256 * 1024;

/**
 * Objects and arrays may nest this deep in one event, the event object being level 1. Deeper
 * input is refused before anything walks it recursively: JSON.parse takes any depth, but
 * JSON.stringify and recursive validation overflow the stack a few thousand levels down.
 */
export const MAX_JSON_DEPTH = 64;

/** A business key or id (lot, order, correlation, plant, message, event id). */
export const keyString = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

const extensionName = /^[a-z0-9]{1,20}$/;

// W3C Trace Context: version-traceid-parentid-flags, all lowercase hex, ids not all zero.
const traceparent = z
  .string()
  .regex(/^[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/, "must be a W3C traceparent");

export const cloudEventSchema = z
  .object({
    specversion: z.literal("1.0", { error: 'specversion must be "1.0"' }),
    id: keyString,
    source: z.string().min(1, "source is required").max(1000),
    type: z.string().min(1, "type is required").max(200),
    time: z.iso.datetime({ offset: true, error: "time must be an RFC 3339 timestamp" }).optional(),
    datacontenttype: z.string().max(200).optional(),
    dataschema: z.string().max(1000).optional(),
    subject: z.string().max(1000).optional(),
    data: z.unknown().optional(),
    data_base64: z.string().optional(),
    correlationid: keyString.optional(),
    lotid: keyString.optional(),
    orderid: keyString.optional(),
    plant: keyString.optional(),
    traceparent: traceparent.optional(),
    tracestate: z.string().max(512).optional(),
    sourcesystem: z.enum(SOURCE_SYSTEMS).optional(),
    messageid: keyString.optional(),
    status: z.enum(EVENT_STATUSES).optional(),
    durationms: z.number().int().nonnegative().max(7 * 24 * 3600 * 1000).optional(),
    errormessage: z.string().max(4000).optional(),
    replayof: keyString.optional(),
  })
  .catchall(z.unknown())
  .superRefine((ev, ctx) => {
    for (const key of Object.keys(ev)) {
      if (!extensionName.test(key) && key !== "data_base64") {
        ctx.addIssue({ code: "custom", path: [key], message: "attribute names must be 1-20 lowercase letters or digits" });
      }
    }
    if (ev.data !== undefined && ev.data_base64 !== undefined) {
      ctx.addIssue({ code: "custom", path: ["data_base64"], message: "data and data_base64 are mutually exclusive" });
    }
  });

export type CloudEvent = z.infer<typeof cloudEventSchema>;

/** A row of the ClickHouse `events` table, as written. */
export interface EventRow {
  event_id: string;
  time: string;
  kind: "business" | "telemetry";
  source_system: SourceSystem;
  source: string;
  type: string;
  plant: string;
  correlation_id: string;
  trace_id: string;
  span_id: string;
  lot_id: string;
  order_id: string;
  message_id: string;
  status: EventStatus;
  duration_ms: number;
  error: string;
  payload: string;
  /** A telemetry event's route from its data (`interface`, `from`, `to`); always sent, empty for business events, so ClickHouse never computes the columns' defaults from the payload on insert. */
  interface: string;
  from_system: string;
  to_system: string;
  /** Set only when the event has one: rows without them take the columns' empty defaults at no cost. */
  subject?: string;
  replay_of?: string;
  /** Transport origin as JSON (lib/events/kafka-origin.ts); Kafka only. */
  origin?: string;
}
