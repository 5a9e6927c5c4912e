import { z } from "zod";
import { MAX_JSON_DEPTH, SOURCE_SYSTEMS, TELEMETRY_TYPE_PREFIX, keyString } from "../../lib/events/contract";
import { formatJsonPath, pathBeyondDepth, stringifyAnyDepth, type JsonPath } from "../../lib/events/json-nesting";
import type { OtlpAttributeMap } from "../../lib/events/otlp-attribute-map";
import { TOO_DEEP } from "../../lib/events/to-row";

/** A body that is not an OTLP ExportTraceServiceRequest at all: answered 400 and dead-lettered whole. */
export class UndecodableTraces extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "UndecodableTraces";
  }
}

/** A span the protobuf decoder could not turn into its JSON form: rejected in its place, so later spans keep their paths. */
export class UndecodedSpan {
  constructor(
    readonly reason: string,
    /** What the dead letter keeps of it. */
    readonly raw: Record<string, unknown>,
  ) {}
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
type KeyValues = z.infer<typeof keyValues>;

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
type Span = z.infer<typeof spanSchema>;

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

type BusinessKey = keyof OtlpAttributeMap;
type Keys = Partial<Record<BusinessKey, string>>;
const EXTENSION_OF: Record<BusinessKey, string> = { correlationId: "correlationid", lotId: "lotid", orderId: "orderid", messageId: "messageid", plant: "plant" };
const BUSINESS_KEYS = Object.keys(EXTENSION_OF) as BusinessKey[];
// The keys of the flow a span belongs to pass from parent to child; a message id names one hop only.
const INHERITED: readonly BusinessKey[] = ["correlationId", "lotId", "orderId", "plant"];

/** `path` continued by `rest`: `resourceSpans[0]…spans[1]` and `["attributes", 2]` → `…spans[1].attributes[2]`. */
function below(path: string, rest: JsonPath): string {
  return rest.length === 0 ? path : `${path}${typeof rest[0] === "number" ? "" : "."}${formatJsonPath(rest)}`;
}

/** The first configured attribute present as a non-empty string or number, with the path of the attribute it came from. */
function pick(names: readonly string[], sources: { path: string; attributes: KeyValues }[]): { value: string; path: string; name: string } | undefined {
  for (const name of names) {
    for (const source of sources) {
      // Like toObject, the last of repeated keys counts.
      const index = source.attributes.findLastIndex((kv) => kv.key === name);
      const v = index < 0 ? undefined : plain(source.attributes[index]!.value);
      if ((typeof v === "string" && v !== "") || typeof v === "number") return { value: String(v), path: `${source.path}[${index}]`, name };
    }
  }
  return undefined;
}

export interface RejectedSpan {
  /** The span with its resource and scope, as received, for the dead letter. */
  raw: string;
  /** `<path>: <problem>`, the path running from the request to what is wrong: a span, a field of it, an attribute. */
  reason: string;
  /** The event id the span would have had, once its ids could be read. */
  id: string | null;
}

export interface OtlpDecoded {
  /** One CloudEvent per span, for the common ingest path (contract validation, dead letters, batching). */
  events: Record<string, unknown>[];
  /** `resourceSpans[i].scopeSpans[j].spans[k]` of each event, to name it should the contract refuse it. */
  paths: string[];
  rejected: RejectedSpan[];
}

interface MappedSpan {
  path: string;
  span: Span;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  service: string | undefined;
  scope: string | null;
  own: Keys;
}

/**
 * A span's business keys: its own, from its attributes or its resource, and for the keys of the
 * flow what the nearest ancestor in the same request has, following parentSpanId within the
 * trace. Each span is resolved once, so long chains cost no more than short ones.
 */
function resolveKeys(spans: readonly MappedSpan[]): Map<MappedSpan, Keys> {
  const byId = new Map(spans.map((s) => [`${s.traceId}-${s.spanId}`, s]));
  const resolved = new Map<MappedSpan, Keys>();
  for (const start of spans) {
    const chain: MappedSpan[] = [];
    let node: MappedSpan | undefined = start;
    // A parentSpanId cycle ends the walk where it closes.
    while (node && !resolved.has(node) && !chain.includes(node)) {
      chain.push(node);
      node = node.parentSpanId ? byId.get(`${node.traceId}-${node.parentSpanId}`) : undefined;
    }
    let above: Keys = (node && resolved.get(node)) ?? {};
    for (const span of chain.reverse()) {
      const keys: Keys = { ...span.own };
      for (const key of INHERITED) if (keys[key] === undefined && above[key] !== undefined) keys[key] = above[key];
      resolved.set(span, keys);
      above = keys;
    }
  }
  return resolved;
}

/** OTLP/HTTP JSON traces → Lotline telemetry events; see mapOtlpTraces. */
export function decodeOtlpTraces(body: string, map: OtlpAttributeMap): OtlpDecoded {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new UndecodableTraces(`body is not valid JSON: ${(error as Error).message}`);
  }
  return mapOtlpTraces(json, map);
}

/**
 * An ExportTraceServiceRequest in its JSON form (parsed OTLP/JSON, or protobuf decoded to it) →
 * Lotline telemetry events. Trace and span ids become the event's `traceparent`, the parent span
 * id and attributes land in the payload, the business keys come from the configured attributes
 * or a parent span; a span that cannot be mapped is returned with the reason. Throws
 * UndecodableTraces only when the request is not an ExportTraceServiceRequest at all.
 */
export function mapOtlpTraces(json: unknown, map: OtlpAttributeMap): OtlpDecoded {
  const request = requestSchema.safeParse(json);
  if (!request.success) {
    const issue = request.error.issues[0];
    throw new UndecodableTraces(`not an OTLP ExportTraceServiceRequest: ${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  const out: OtlpDecoded = { events: [], paths: [], rejected: [] };
  const mapped: MappedSpan[] = [];
  request.data.resourceSpans.forEach((rs, r) => {
    const resourcePath = `resourceSpans[${r}].resource`;
    const resourceTooDeep = pathBeyondDepth(rs.resource, MAX_JSON_DEPTH);
    // Every span of the resource would carry it: none of them can be taken.
    if (resourceTooDeep) throw new UndecodableTraces(`${below(resourcePath, resourceTooDeep.slice(0, 2))}: ${TOO_DEEP}`);
    const resourceAttributes = rs.resource?.attributes ?? [];
    const resource = toObject(resourceAttributes);
    const service = typeof resource["service.name"] === "string" && resource["service.name"] !== "" ? resource["service.name"] : undefined;
    rs.scopeSpans.forEach((ss, s) => {
      ss.spans.forEach((raw, i) => {
        const where = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        const reject = (path: string, problem: string, id: string | null = null) =>
          out.rejected.push({
            id,
            raw: stringifyAnyDepth({ resource: rs.resource ?? null, scope: ss.scope ?? null, ...(raw instanceof UndecodedSpan ? raw.raw : { span: raw }) }),
            reason: `${path}: ${problem}`,
          });
        if (raw instanceof UndecodedSpan) return reject(where, raw.reason);
        // Before anything walks the span recursively: the attribute values can nest without bound.
        const tooDeep = pathBeyondDepth(raw, MAX_JSON_DEPTH);
        if (tooDeep) return reject(below(where, tooDeep.slice(0, 2)), TOO_DEEP);
        const parsed = spanSchema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return reject(below(where, (issue?.path ?? []).filter((p) => typeof p !== "symbol")), issue?.message ?? "is invalid");
        }
        const span = parsed.data;
        if (BigInt(span.startTimeUnixNano) / 1_000_000n > MAX_TIME_MS) return reject(`${where}.startTimeUnixNano`, "is beyond the year 9999");

        const traceId = span.traceId.toLowerCase();
        const spanId = span.spanId.toLowerCase();
        const own: Keys = {};
        for (const key of BUSINESS_KEYS) {
          const found = pick(map[key], [
            { path: `${where}.attributes`, attributes: span.attributes },
            { path: `${resourcePath}.attributes`, attributes: resourceAttributes },
          ]);
          if (!found) continue;
          // Checked here rather than by the event contract, so the answer can name the attribute.
          const valid = keyString.safeParse(found.value);
          if (!valid.success) return reject(found.path, `${found.name} ${valid.error.issues[0]?.message ?? "is invalid"}`, `${traceId}-${spanId}`);
          own[key] = found.value;
        }
        mapped.push({
          path: where,
          span,
          traceId,
          spanId,
          parentSpanId: span.parentSpanId ? span.parentSpanId.toLowerCase() : null,
          attributes: toObject(span.attributes),
          resource,
          service,
          scope: ss.scope?.name ?? null,
          own,
        });
      });
    });
  });

  const keysOf = resolveKeys(mapped);
  for (const m of mapped) {
    const { span, traceId, spanId } = m;
    const start = BigInt(span.startTimeUnixNano);
    const end = span.endTimeUnixNano === undefined ? start : BigInt(span.endTimeUnixNano);
    const failed = span.status?.code === 2 || span.status?.code === "STATUS_CODE_ERROR";
    // Instrumentations often record the exception as a span event and leave the status message empty.
    const exception = span.events.find((e) => e.name === "exception");
    const exceptionAttributes = exception ? toObject(exception.attributes) : {};
    const exceptionMessage = [exceptionAttributes["exception.message"], exceptionAttributes["exception.type"]].find((v) => typeof v === "string" && v !== "") as string | undefined;
    const error = failed ? span.status?.message || exceptionMessage : undefined;
    // A trace with no correlation attribute anywhere up its chain is one correlation.
    const keys: Keys = { correlationId: traceId, ...keysOf.get(m) };
    out.paths.push(m.path);
    out.events.push({
      specversion: "1.0",
      id: `${traceId}-${spanId}`,
      source: `otel://${m.service ?? "unknown-service"}`,
      type: `${SPAN_TYPE_PREFIX}${span.name || "unnamed"}`.slice(0, MAX_TYPE_LENGTH),
      time: new Date(Number(start / 1_000_000n)).toISOString(),
      traceparent: `00-${traceId}-${spanId}-01`,
      sourcesystem: systemOf(m.service),
      status: failed ? "failed" : "ok",
      durationms: Number(end > start ? (end - start) / 1_000_000n : 0n),
      ...(error ? { errormessage: error.slice(0, MAX_ERROR_LENGTH) } : {}),
      ...Object.fromEntries(BUSINESS_KEYS.filter((key) => keys[key] !== undefined).map((key) => [EXTENSION_OF[key], keys[key]])),
      data: {
        name: span.name,
        kind: span.kind ?? null,
        parentSpanId: m.parentSpanId,
        service: m.service ?? null,
        scope: m.scope,
        attributes: m.attributes,
        resource: m.resource,
      },
    });
  }
  return out;
}
