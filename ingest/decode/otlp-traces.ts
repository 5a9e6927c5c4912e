import { z } from "zod";
import { SOURCE_SYSTEMS } from "../../lib/events/contract";
import type { OtlpAttributeMap } from "../../lib/events/otlp-attribute-map";

export type { OtlpAttributeMap } from "../../lib/events/otlp-attribute-map";

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
};
type KeyValue = { key: string; value?: AnyValue };

const keyValues = z.array(z.object({ key: z.string(), value: z.unknown().optional() })).default([]);
const spanSchema = z.object({
  traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, "traceId must be 32 hex characters"),
  spanId: z.string().regex(/^[0-9a-fA-F]{16}$/, "spanId must be 16 hex characters"),
  parentSpanId: z.string().optional(),
  name: z.string().min(1, "name is required").max(180),
  kind: z.union([z.number(), z.string()]).optional(),
  startTimeUnixNano: z.union([z.string().regex(/^\d+$/), z.number()]),
  endTimeUnixNano: z.union([z.string().regex(/^\d+$/), z.number()]).optional(),
  attributes: keyValues,
  status: z.object({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional() }).optional(),
});
const requestSchema = z.object({
  resourceSpans: z.array(
    z.object({
      resource: z.object({ attributes: keyValues }).optional(),
      scopeSpans: z.array(z.object({ scope: z.object({ name: z.string().optional() }).optional(), spans: z.array(z.unknown()).default([]) })).default([]),
    }),
  ),
});

function plain(value: AnyValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  if (value.kvlistValue) return Object.fromEntries((value.kvlistValue.values ?? []).map((kv) => [kv.key, plain(kv.value)]));
  return null;
}

const toObject = (kvs: { key: string; value?: unknown }[]) => Object.fromEntries(kvs.map((kv) => [kv.key, plain(kv.value as AnyValue)]));

function pick(keys: string[], ...sources: Record<string, unknown>[]): string | undefined {
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

function nanosToIso(nanos: string | number): string {
  return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
}

export interface OtlpDecoded {
  /** One CloudEvent per span, for the common ingest path (validation, dead letters, batching). */
  events: Record<string, unknown>[];
  rejected: { span: unknown; reason: string }[];
}

/**
 * OTLP/HTTP JSON traces → Lotline telemetry events. Trace and span ids become the event's
 * `traceparent`, the parent span id and attributes land in the payload, the business keys come
 * from the configured attributes; a span that cannot be mapped is returned with the reason.
 * Throws only when the body is not an OTLP ExportTraceServiceRequest at all.
 */
export function decodeOtlpTraces(body: unknown, map: OtlpAttributeMap): OtlpDecoded {
  const request = requestSchema.safeParse(body);
  if (!request.success) throw new Error(`not an OTLP ExportTraceServiceRequest: ${request.error.issues[0]?.path.join(".") ?? ""} ${request.error.issues[0]?.message ?? ""}`.trim());
  const out: OtlpDecoded = { events: [], rejected: [] };
  for (const rs of request.data.resourceSpans) {
    const resource = toObject(rs.resource?.attributes ?? []);
    const service = typeof resource["service.name"] === "string" ? resource["service.name"] : undefined;
    for (const ss of rs.scopeSpans) {
      for (const raw of ss.spans) {
        const parsed = spanSchema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          out.rejected.push({ span: raw, reason: `${issue?.path.join(".") || "span"}: ${issue?.message ?? "invalid"}` });
          continue;
        }
        const span = parsed.data;
        const attributes = toObject(span.attributes);
        const traceId = span.traceId.toLowerCase();
        const spanId = span.spanId.toLowerCase();
        const start = BigInt(span.startTimeUnixNano);
        const end = span.endTimeUnixNano === undefined ? start : BigInt(span.endTimeUnixNano);
        const failed = span.status?.code === 2 || span.status?.code === "STATUS_CODE_ERROR";
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
          type: `integration.span.${span.name}`,
          time: nanosToIso(span.startTimeUnixNano),
          traceparent: `00-${traceId}-${spanId}-01`,
          sourcesystem: systemOf(service),
          status: failed ? "failed" : "ok",
          durationms: Number(end > start ? (end - start) / 1_000_000n : 0n),
          ...(failed && span.status?.message ? { errormessage: span.status.message.slice(0, 4000) } : {}),
          ...Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)),
          data: { name: span.name, kind: span.kind ?? null, parentSpanId: span.parentSpanId || null, service: service ?? null, scope: ss.scope?.name ?? null, attributes, resource },
        });
      }
    }
  }
  return out;
}
