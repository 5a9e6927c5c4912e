import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { otlpAttributeMapSchema } from "../../lib/events/otlp-attribute-map";
import { TOO_DEEP } from "../../lib/events/to-row";
import { otlpExport } from "./otlp-fixture";
import { ExportRequestShallow, ExportResponse, RpcStatus, SpanMessage } from "./otlp-proto";
import { decodeOtlpProtobuf, encodeExportResponse, encodeRpcStatus } from "./otlp-protobuf";
import { UndecodedSpan, decodeOtlpTraces, mapOtlpTraces } from "./otlp-traces";

const map = otlpAttributeMapSchema.parse({});
type JsonSpan = Record<string, unknown> & { traceId: string; spanId: string; parentSpanId?: string };

/** The protobuf encoding of an OTLP/JSON request: ids from hex to raw bytes, as exporters send them. */
function encodeRequest(json: { resourceSpans: { resource?: unknown; scopeSpans: { scope?: unknown; spans: (JsonSpan | Uint8Array)[] }[] }[] }): Buffer {
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
function deepSpan(levels: number): Uint8Array {
  const field = (number: number, bytes: Uint8Array) => protobuf.Writer.create().uint32((number << 3) | 2).bytes(bytes).finish();
  let anyValue = field(1, Buffer.from("x"));
  for (let i = 0; i < levels; i++) {
    const keyValue = Buffer.concat([field(1, Buffer.from("k")), field(2, anyValue)]);
    anyValue = field(6, field(1, keyValue)); // AnyValue.kvlist_value { values: [keyValue] }
  }
  const attribute = Buffer.concat([field(1, Buffer.from("deep")), field(2, anyValue)]);
  const head = SpanMessage.encode(
    SpanMessage.fromObject({ traceId: Buffer.from("5b8efff798038103d269b633813fc60c", "hex"), spanId: Buffer.from("00f067aa0ba902b8", "hex"), startTimeUnixNano: "1" }),
  ).finish();
  return Buffer.concat([head, field(9, attribute)]);
}

describe("decodeOtlpProtobuf", () => {
  it("decodes to the JSON form, so a protobuf export maps to the same events as its OTLP/JSON twin", () => {
    const json = otlpExport();
    // The fixture's broken span has an id that is no hex and so has no protobuf form.
    json.resourceSpans[1]!.scopeSpans[0]!.spans.pop();
    const fromProtobuf = mapOtlpTraces(decodeOtlpProtobuf(encodeRequest(json as never)), map);
    const fromJson = decodeOtlpTraces(JSON.stringify(json), map);
    expect(fromProtobuf).toEqual(fromJson);
    expect(fromProtobuf.events).toHaveLength(3);
    expect(fromProtobuf.events[2]).toMatchObject({ traceparent: "00-5b8efff798038103d269b633813fc60c-b7ad6b7169203331-01", lotid: "L-P200-000901", status: "failed" });
  });

  it("stands an undecodable span in its place, naming the depth limit when it nests beyond the decoder's 100 levels, and keeps its neighbours", () => {
    const json = otlpExport();
    json.resourceSpans[1]!.scopeSpans[0]!.spans.pop();
    const spans = json.resourceSpans[1]!.scopeSpans[0]!.spans as unknown as (JsonSpan | Uint8Array)[];
    spans.push(deepSpan(10_000), deepSpan(30), Buffer.from([0x0a, 0xff]));
    const request = decodeOtlpProtobuf(encodeRequest(json as never)) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
    const decodedSpans = request.resourceSpans[1]!.scopeSpans[0]!.spans;
    expect(decodedSpans[1]).toEqual(new UndecodedSpan(TOO_DEEP, { span_base64: expect.any(String) as string }));
    expect(decodedSpans[3]).toBeInstanceOf(UndecodedSpan);
    const { events, rejected } = mapOtlpTraces(request, map);
    expect(events).toHaveLength(3);
    expect(rejected.map((r) => r.reason)).toEqual([
      `resourceSpans[1].scopeSpans[0].spans[1]: ${TOO_DEEP}`,
      // 30 levels decode (under 100 messages) but nest beyond 64 levels in the JSON form: the attribute is named.
      `resourceSpans[1].scopeSpans[0].spans[2].attributes[0]: ${TOO_DEEP}`,
      expect.stringMatching(/^resourceSpans\[1\]\.scopeSpans\[0\]\.spans\[3\]: is not a protobuf Span: /) as string,
    ]);
  });

  it("encodes the export response and the failure status", () => {
    expect(encodeExportResponse()).toHaveLength(0);
    const partial = ExportResponse.toObject(ExportResponse.decode(encodeExportResponse({ rejectedSpans: 2, errorMessage: "two" })), { longs: Number });
    expect(partial).toEqual({ partialSuccess: { rejectedSpans: 2, errorMessage: "two" } });
    expect(RpcStatus.toObject(RpcStatus.decode(encodeRpcStatus("bad")))).toEqual({ message: "bad" });
  });
});
