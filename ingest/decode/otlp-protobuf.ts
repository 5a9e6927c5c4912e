import type { Message } from "protobufjs";
import { TOO_DEEP } from "../../lib/events/to-row";
import { ExportRequestShallow, ExportResponse, ResourceMessage, RpcStatus, ScopeMessage, SpanMessage } from "./otlp-proto";
import { UndecodableTraces, UndecodedSpan } from "./otlp-traces";

// The JSON form of OTLP: lowerCamelCase names, 64-bit integers as strings, enums as numbers, bytes as base64.
const JSON_FORM = { longs: String, enums: Number, bytes: String, defaults: false } as const;

// protobufjs's refusal of messages nested beyond its recursion limit (100), deeper than MAX_JSON_DEPTH allows anyway.
const DEPTH_ERROR = "max depth exceeded";

interface ShallowRequest {
  resourceSpans: { resource?: Message | null; scopeSpans: { scope?: Message | null; spans: Uint8Array[] }[] }[];
}

/** Trace and span ids are raw bytes in protobuf and hex in OTLP/JSON, which mapOtlpTraces reads. */
function base64ToHex(value: unknown): unknown {
  return typeof value === "string" ? Buffer.from(value, "base64").toString("hex") : value;
}

function decodeSpan(bytes: Uint8Array): unknown {
  try {
    const span = SpanMessage.toObject(SpanMessage.decode(bytes), JSON_FORM);
    for (const id of ["traceId", "spanId", "parentSpanId"]) if (id in span) span[id] = base64ToHex(span[id]);
    return span;
  } catch (error) {
    const message = (error as Error).message;
    return new UndecodedSpan(message === DEPTH_ERROR ? TOO_DEEP : `is not a protobuf Span: ${message}`, { span_base64: Buffer.from(bytes).toString("base64") });
  }
}

/**
 * An OTLP/HTTP protobuf ExportTraceServiceRequest in its JSON form, for the same mapping as
 * OTLP/JSON (mapOtlpTraces). Each span is decoded on its own: one the decoder refuses stands in
 * its place as an UndecodedSpan. Throws UndecodableTraces when the body is no request at all,
 * or a resource or scope cannot be decoded (every span of it would carry it).
 */
export function decodeOtlpProtobuf(body: Buffer): unknown {
  let request: ShallowRequest;
  try {
    request = ExportRequestShallow.decode(body) as unknown as ShallowRequest;
  } catch (error) {
    const message = (error as Error).message;
    throw new UndecodableTraces(`not a protobuf ExportTraceServiceRequest: ${message === DEPTH_ERROR ? `a resource or scope ${TOO_DEEP}` : message}`);
  }
  return {
    resourceSpans: request.resourceSpans.map((rs) => ({
      ...(rs.resource ? { resource: ResourceMessage.toObject(rs.resource, JSON_FORM) } : {}),
      scopeSpans: rs.scopeSpans.map((ss) => ({
        ...(ss.scope ? { scope: ScopeMessage.toObject(ss.scope, JSON_FORM) } : {}),
        spans: ss.spans.map(decodeSpan),
      })),
    })),
  };
}

/** ExportTraceServiceResponse: empty when every span was taken. */
export function encodeExportResponse(partialSuccess?: { rejectedSpans: number; errorMessage: string }): Uint8Array {
  return ExportResponse.encode(ExportResponse.create(partialSuccess ? { partialSuccess } : {})).finish();
}

/** google.rpc.Status, the OTLP/HTTP failure body for protobuf requests; OTLP leaves `code` unused, so it is left out. */
export function encodeRpcStatus(message: string): Uint8Array {
  return RpcStatus.encode(RpcStatus.create({ message })).finish();
}
