import { describe, expect, it } from "vitest";
import { otlpAttributeMapSchema } from "../../lib/events/otlp-attribute-map";
import { TOO_DEEP } from "../../lib/events/to-row";
import { otlpExport } from "./otlp-fixture";
import { ExportResponse, RpcStatus } from "./otlp-proto";
import { deepSpan, encodeRequest, type JsonSpan } from "./otlp-protobuf-fixture";
import { decodeOtlpProtobuf, encodeExportResponse, encodeRpcStatus } from "./otlp-protobuf";
import { UndecodedSpan, decodeOtlpTraces, mapOtlpTraces } from "./otlp-traces";

const map = otlpAttributeMapSchema.parse({});
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
