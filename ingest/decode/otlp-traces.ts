import { z } from "zod";
import { SOURCE_SYSTEMS, TELEMETRY_TYPE_PREFIX } from "../../lib/events/contract";
import type { OtlpAttributeMap } from "../../lib/events/otlp-attribute-map";

/** A body that is not an OTLP/JSON ExportTraceServiceRequest at all: answered 400 and dead-lettered whole. */
export class UndecodableTraces extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "UndecodableTraces";
  }
}

const required = (expected: string) => (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : `must be ${expected}`);
// W3C Trace Context forbids all-zero ids; the OTLP/JSON encoding writes them as hex, not base64.
const hexId = (length: number) =>
  z.string({ error: required("a string") }).regex(new RegExp(`^(?!0+$)[0-9a-fA-F]{${length}}$`), `must be ${length} hex characters, not all zero`);
const UNIX_NANO = "nanoseconds since the Unix epoch, as an integer";
// fixed64 arrives as a string, or from lenient encoders as a number; nanoseconds exceed 2^53, so no safe-integer check.
const unixNano = z.union(
  [z.string().regex(/^\d+$/, `must be ${UNIX_NANO}`), z.number().nonnegative().refine(Number.isInteger, `must be ${UNIX_NANO}`)],
  { error: required(UNIX_NANO) },
);
// proto3 JSON leaves out empty fields: a missing list is an empty one.
const keyValues = z.array(z.object({ key: z.string(), value: z.unknown().optional() })).default([]);

const spanSchema = z.object({
  traceId: hexId(32),
  spanId: hexId(16),
  parentSpanId: z.union([hexId(16), z.literal("")]).optional(),
  name: z.string().default(""),
  kind: z.union([z.number(), z.string()]).optional(),
  startTimeUnixNano: unixNano,
  endTimeUnixNano: unixNano.optional(),
  attributes: keyValues,
  events: z.array(z.object({ name: z.string().default(""), attributes: keyValues })).default([]),
  status: z.object({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional() }).optional(),
});

const requestSchema = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes: keyValues }).optional(),
        scopeSpans: z
          .array(z.object({ scope: z.object({ name: z.string().optional() }).optional(), spans: z.array(z.unknown()).default([]) }))
          .default([]),
      }),
    )
    .default([]),
});

/** An OTLP AnyValue as plain JSON. int64 values beyond 2^53 stay strings rather than losing digits. */
function plain(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.bytesValue !== undefined) return v.bytesValue;
  if (v.arrayValue !== undefined) {
    const values = (v.arrayValue as { values?: unknown } | null)?.values;
    return Array.isArray(values) ? values.map(plain) : [];
  }
  if (v.kvlistValue !== undefined) {
    const values = (v.kvlistValue as { values?: unknown } | null)?.values;
    return Array.isArray(values) ? toObject(values.filter((kv): kv is { key: string; value?: unknown } => typeof kv?.key === "string")) : {};
  }
  return null;
}

function toObject(kvs: { key: string; value?: unknown }[]): Record<string, unknown> {
  return Object.fromEntries(kvs.map((kv) => [kv.key, plain(kv.value)]));
}

function pick(keys: readonly string[], ...sources: Record<string, unknown>[]): string | undefined {
  for (const key of keys) {
    for (const source of sources) {
      const v = source[key];
      if (typeof v === "string" && v !== "") return v;
      if (typeof v === "number") return String(v);
    }
  }
  return undefined;
}

const KNOWN_SYSTEMS = new Set<string>(SOURCE_SYSTEMS);

/** A service named like a known system ("mes", "erp-adapter" → MES, ERP) is that system; others are kept by name in `source`. */
function systemOf(serviceName: string | undefined): string {
  const head = (serviceName ?? "").split(/[^A-Za-z]/)[0]!.toUpperCase();
  return KNOWN_SYSTEMS.has(head) ? head : "UNKNOWN";
}

// The last millisecond an RFC 3339 timestamp can carry (9999-12-31T23:59:59.999Z).
const MAX_TIME_MS = 253_402_300_799_999n;

const SPAN_TYPE_PREFIX = `${TELEMETRY_TYPE_PREFIX}span.`;
const MAX_TYPE_LENGTH = 200;
const MAX_ERROR_LENGTH = 4000;

export interface RejectedSpan {
  /** The span with its resource and scope, as received, for the dead letter. */
  raw: string;
  reason: string;
}

export interface OtlpDecoded {
  /** One CloudEvent per span, for the common ingest path (contract validation, dead letters, batching). */
  events: Record<string, unknown>[];
  rejected: RejectedSpan[];
}

/**
 * OTLP/HTTP JSON traces → Lotline telemetry events. Trace and span ids become the event's
 * `traceparent`, the parent span id and attributes land in the payload, the business keys come
 * from the configured attributes; a span that cannot be mapped is returned with the reason.
 * Throws UndecodableTraces only when the body is not an ExportTraceServiceRequest at all.
 */
export function decodeOtlpTraces(body: string, map: OtlpAttributeMap): OtlpDecoded {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new UndecodableTraces(`body is not valid JSON: ${(error as Error).message}`);
  }
  const request = requestSchema.safeParse(json);
  if (!request.success) {
    const issue = request.error.issues[0];
    throw new UndecodableTraces(`not an OTLP ExportTraceServiceRequest: ${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  const out: OtlpDecoded = { events: [], rejected: [] };
  request.data.resourceSpans.forEach((rs, r) => {
    const resource = toObject(rs.resource?.attributes ?? []);
    const service = typeof resource["service.name"] === "string" && resource["service.name"] !== "" ? resource["service.name"] : undefined;
    rs.scopeSpans.forEach((ss, s) => {
      ss.spans.forEach((raw, i) => {
        const where = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        const reject = (reason: string) => out.rejected.push({ raw: JSON.stringify({ resource: rs.resource ?? null, scope: ss.scope ?? null, span: raw }), reason: `${where}: ${reason}` });
        const parsed = spanSchema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          reject(`${issue?.path.join(".") || "span"} ${issue?.message ?? "is invalid"}`);
          return;
        }
        const span = parsed.data;
        const start = BigInt(span.startTimeUnixNano);
        const end = span.endTimeUnixNano === undefined ? start : BigInt(span.endTimeUnixNano);
        const startMs = start / 1_000_000n;
        if (startMs > MAX_TIME_MS) {
          reject("startTimeUnixNano is beyond the year 9999");
          return;
        }
        const attributes = toObject(span.attributes);
        const traceId = span.traceId.toLowerCase();
        const spanId = span.spanId.toLowerCase();
        const failed = span.status?.code === 2 || span.status?.code === "STATUS_CODE_ERROR";
        // Instrumentations often record the exception as a span event and leave the status message empty.
        const exception = span.events.find((e) => e.name === "exception");
        const exceptionMessage = exception ? pick(["exception.message", "exception.type"], toObject(exception.attributes)) : undefined;
        const error = failed ? span.status?.message || exceptionMessage : undefined;
        const keys = {
          correlationid: pick(map.correlationId, attributes, resource) ?? traceId,
          lotid: pick(map.lotId, attributes, resource),
          orderid: pick(map.orderId, attributes, resource),
          messageid: pick(map.messageId, attributes, resource),
          plant: pick(map.plant, attributes, resource),
        };
        out.events.push({
          specversion: "1.0",
          id: `${traceId}-${spanId}`,
          source: `otel://${service ?? "unknown-service"}`,
          type: `${SPAN_TYPE_PREFIX}${span.name || "unnamed"}`.slice(0, MAX_TYPE_LENGTH),
          time: new Date(Number(startMs)).toISOString(),
          traceparent: `00-${traceId}-${spanId}-01`,
          sourcesystem: systemOf(service),
          status: failed ? "failed" : "ok",
          durationms: Number(end > start ? (end - start) / 1_000_000n : 0n),
          ...(error ? { errormessage: error.slice(0, MAX_ERROR_LENGTH) } : {}),
          ...Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)),
          data: {
            name: span.name,
            kind: span.kind ?? null,
            parentSpanId: span.parentSpanId ? span.parentSpanId.toLowerCase() : null,
            service: service ?? null,
            scope: ss.scope?.name ?? null,
            attributes,
            resource,
          },
        });
      });
    });
  });
  return out;
}
