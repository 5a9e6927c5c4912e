/** Protobuf OTLP requests for tests, encoded with the messages the decoder reads. */
import protobuf from "protobufjs";
import { ExportRequestShallow, SpanMessage } from "./otlp-proto";

export type JsonSpan = Record<string, unknown> & { traceId: string; spanId: string; parentSpanId?: string };

/** The protobuf encoding of an OTLP/JSON request: ids from hex to raw bytes, as exporters send them. */
export function encodeRequest(json: { resourceSpans: { resource?: unknown; scopeSpans: { scope?: unknown; spans: (JsonSpan | Uint8Array)[] }[] }[] }): Buffer {
  const shallow = {
    resourceSpans: json.resourceSpans.map((rs) => ({
      resource: rs.resource,
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: ss.scope,
        spans: ss.spans.map((span) => {
          if (span instanceof Uint8Array) return span;
          const bytes = (hex?: string) => (hex === undefined ? undefined : Buffer.from(hex, "hex"));
          const message = SpanMessage.fromObject({ ...span, traceId: bytes(span.traceId), spanId: bytes(span.spanId), parentSpanId: bytes(span.parentSpanId) });
          return SpanMessage.encode(message).finish();
        }),
      })),
    })),
  };
  return Buffer.from(ExportRequestShallow.encode(ExportRequestShallow.fromObject(shallow)).finish());
}

/** A Span whose one attribute nests `levels` kvlistValue levels, built bottom-up so the encoder does not recurse. */
export function deepSpan(levels: number, traceId = "5b8efff798038103d269b633813fc60c"): Uint8Array {
  const field = (number: number, bytes: Uint8Array) => protobuf.Writer.create().uint32((number << 3) | 2).bytes(bytes).finish();
  let anyValue = field(1, Buffer.from("x"));
  for (let i = 0; i < levels; i++) {
    const keyValue = Buffer.concat([field(1, Buffer.from("k")), field(2, anyValue)]);
    anyValue = field(6, field(1, keyValue)); // AnyValue.kvlist_value { values: [keyValue] }
  }
  const attribute = Buffer.concat([field(1, Buffer.from("deep")), field(2, anyValue)]);
  const head = SpanMessage.encode(
    SpanMessage.fromObject({ traceId: Buffer.from(traceId, "hex"), spanId: Buffer.from("00f067aa0ba902b8", "hex"), startTimeUnixNano: "1" }),
  ).finish();
  return Buffer.concat([head, field(9, attribute)]);
}

