import { describe, expect, it } from "vitest";
import type { EventRow } from "../../lib/events/contract";
import { otlpAttributeMapSchema } from "../../lib/events/otlp-attribute-map";
import { TOO_DEEP, parseCloudEvent } from "../../lib/events/to-row";
import { otlpExport } from "./otlp-fixture";
import { UndecodableTraces, UndecodedSpan, decodeOtlpTraces, mapOtlpTraces } from "./otlp-traces";

const map = otlpAttributeMapSchema.parse({});
const TRACE = "5b8efff798038103d269b633813fc60c";
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

function rows(body: unknown, attributeMap = map): EventRow[] {
  return decodeOtlpTraces(JSON.stringify(body), attributeMap).events.map((e) => {
    const parsed = parseCloudEvent(e, new Date());
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.row;
  });
}

/** One span in one resource, with the fields a minimal exporter sends. */
function single(span: Record<string, unknown>, resource: unknown[] = [str("service.name", "mes")]) {
  return { resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ spans: [{ traceId: TRACE, spanId: "00f067aa0ba902b7", name: "op", startTimeUnixNano: "1795500000000000000", ...span }] }] }] };
}

describe("decodeOtlpTraces", () => {
  it("maps spans to telemetry rows: ids, timing, status, system, business keys and the parent in the payload", () => {
    const { events, rejected } = decodeOtlpTraces(JSON.stringify(otlpExport()), map);
    expect(events).toHaveLength(3);
    expect(rejected).toEqual([
      { id: null, raw: expect.stringContaining('"nothex"') as string, reason: "resourceSpans[1].scopeSpans[0].spans[1].spanId: must be 16 hex characters, not all zero" },
    ]);
    expect(JSON.parse(rejected[0]!.raw)).toMatchObject({ resource: { attributes: [{ key: "service.name" }, { key: "mfg.plant" }] }, span: { name: "broken" } });

    const [route, publish, mes] = rows(otlpExport());
    expect(route).toMatchObject({
      event_id: `${TRACE}-eee19b7ec3c1b174`,
      kind: "telemetry",
      type: "integration.span.route erp-mes-order",
      source: "otel://middleware-broker",
      source_system: "MIDDLEWARE",
      plant: "P200",
      order_id: "PO-P200-000077",
      message_id: "msg-77",
      correlation_id: TRACE,
      trace_id: TRACE,
      span_id: "eee19b7ec3c1b174",
      duration_ms: 250,
      status: "ok",
      error: "",
      time: "2026-11-24 06:00:00.000",
    });
    expect(JSON.parse(route!.payload)).toMatchObject({ parentSpanId: null, kind: 5, scope: "lotline-test", service: "middleware-broker" });
    expect(publish).toMatchObject({ span_id: "1f2e3d4c5b6a7980", time: "2026-11-24 06:00:00.040", duration_ms: 50 });
    expect(JSON.parse(publish!.payload)).toMatchObject({ parentSpanId: "eee19b7ec3c1b174" });
    expect(mes).toMatchObject({
      source_system: "MES",
      source: "otel://mes-api",
      lot_id: "L-P200-000901",
      status: "failed",
      error: "MES rejected order: routing revision not released (422)",
      duration_ms: 120,
      type: "integration.span.POST /mes/api/v2/production-orders",
    });
    const payload = JSON.parse(mes!.payload) as { parentSpanId: string; attributes: Record<string, unknown>; resource: Record<string, unknown> };
    expect(payload.parentSpanId).toBe("1f2e3d4c5b6a7980");
    expect(payload.attributes).toEqual({ "mfg.order.id": "PO-P200-000077", "mfg.lot.id": "L-P200-000901", "http.response.status_code": 422 });
    expect(payload.resource).toEqual({ "service.name": "mes-api", "mfg.plant": "P200" });
  });

  it("takes the business keys from the configured attributes, span before resource", () => {
    const custom = otlpAttributeMapSchema.parse({ correlationId: ["messaging.message.id"], orderId: ["nope"], plant: ["site"] });
    const [row] = rows(single({ attributes: [str("messaging.message.id", "m-1"), str("site", "P300")] }, [str("service.name", "mes"), str("site", "P999")]), custom);
    expect(row).toMatchObject({ correlation_id: "m-1", order_id: "", plant: "P300" });
    const [conversation] = rows(single({ attributes: [str("messaging.message.conversation_id", "conv-9")] }));
    expect(conversation).toMatchObject({ correlation_id: "conv-9" });
  });

  it("names unknown services UNKNOWN and keeps the name in the source", () => {
    expect(rows(single({}, [str("service.name", "label-printer")]))[0]).toMatchObject({ source_system: "UNKNOWN", source: "otel://label-printer" });
    expect(rows(single({}, []))[0]).toMatchObject({ source_system: "UNKNOWN", source: "otel://unknown-service" });
    expect(rows(single({}, [str("service.name", "erp_adapter")]))[0]).toMatchObject({ source_system: "ERP" });
  });

  it("reads what proto3 JSON leaves out or encodes loosely", () => {
    const [row] = rows(
      single({
        name: undefined,
        startTimeUnixNano: 1795500000000000000,
        status: { code: "STATUS_CODE_ERROR" },
        events: [{ name: "exception", attributes: [str("exception.type", "TimeoutError"), str("exception.message", "QMS did not answer in 30 s")] }],
        attributes: [
          { key: "big", value: { intValue: "9007199254740993" } },
          { key: "list", value: { arrayValue: { values: [{ stringValue: "a" }, { boolValue: true }] } } },
          { key: "empty", value: { arrayValue: {} } },
          { key: "map", value: { kvlistValue: { values: [{ key: "k", value: { doubleValue: 1.5 } }] } } },
        ],
      }),
    );
    expect(row).toMatchObject({ type: "integration.span.unnamed", status: "failed", error: "QMS did not answer in 30 s", duration_ms: 0 });
    expect(JSON.parse(row!.payload)).toMatchObject({ attributes: { big: "9007199254740993", list: ["a", true], empty: [], map: { k: 1.5 } } });
    expect(decodeOtlpTraces("{}", map)).toEqual({ events: [], paths: [], rejected: [] });
  });

  it("rejects spans it cannot map, each with the reason, and keeps the others", () => {
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: "0".repeat(32), spanId: "00f067aa0ba902b7", startTimeUnixNano: "1" },
                { traceId: TRACE, spanId: "00f067aa0ba902b7" },
                { traceId: TRACE, spanId: "00f067aa0ba902b7", startTimeUnixNano: "1.5" },
                { traceId: TRACE, spanId: "00f067aa0ba902b7", startTimeUnixNano: "9".repeat(25) },
                { traceId: TRACE, spanId: "00f067aa0ba902b7", parentSpanId: "xyz", startTimeUnixNano: "1" },
                { traceId: TRACE, spanId: "00f067aa0ba902b7", parentSpanId: "", startTimeUnixNano: "1" },
              ],
            },
          ],
        },
      ],
    };
    const { events, rejected } = decodeOtlpTraces(JSON.stringify(body), map);
    expect(events).toHaveLength(1);
    expect(rejected.map((r) => r.reason)).toEqual([
      "resourceSpans[0].scopeSpans[0].spans[0].traceId: must be 32 hex characters, not all zero",
      "resourceSpans[0].scopeSpans[0].spans[1].startTimeUnixNano: is required",
      "resourceSpans[0].scopeSpans[0].spans[2].startTimeUnixNano: must be nanoseconds since the Unix epoch, as an integer",
      "resourceSpans[0].scopeSpans[0].spans[3].startTimeUnixNano: is beyond the year 9999",
      "resourceSpans[0].scopeSpans[0].spans[4].parentSpanId: must be 16 hex characters, not all zero",
    ]);
  });

  it("refuses a body that is not an export request", () => {
    expect(() => decodeOtlpTraces("{nope", map)).toThrow(UndecodableTraces);
    expect(() => decodeOtlpTraces("{nope", map)).toThrow(/not valid JSON/);
    expect(() => decodeOtlpTraces("[]", map)).toThrow(/not an OTLP ExportTraceServiceRequest/);
    expect(() => decodeOtlpTraces('{"resourceSpans":{}}', map)).toThrow(/resourceSpans/);
  });

  it("gives child spans without business attributes the keys of their nearest ancestor in the request, within the trace", () => {
    const span = (spanId: string, parentSpanId: string, attributes: unknown[] = [], traceId = TRACE) => ({
      traceId,
      spanId,
      parentSpanId,
      name: spanId,
      startTimeUnixNano: "1795500000000000000",
      attributes,
    });
    const other = "6c8efff798038103d269b633813fc60c";
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [str("service.name", "mes")] },
          scopeSpans: [
            {
              spans: [
                // Children first, as a batch processor exports them: they end before their parents.
                span("3333333333333333", "2222222222222222", [str("mfg.lot.id", "L-CHILD")]),
                span("2222222222222222", "1111111111111111"),
                span("1111111111111111", "", [str("mfg.correlation.id", "corr-flow"), str("mfg.lot.id", "L-ROOT"), str("mfg.order.id", "PO-1"), str("messaging.message.id", "m-1")]),
                // Same span id as the root, another trace: no relation.
                span("4444444444444444", "1111111111111111", [], other),
                // Parent not in this request: own attributes only, the trace id as correlation.
                span("5555555555555555", "9999999999999999"),
              ],
            },
          ],
        },
      ],
    };
    const keys = rows(body).map((r) => ({ span: r.span_id.slice(0, 1), correlation: r.correlation_id, lot: r.lot_id, order: r.order_id, message: r.message_id }));
    expect(keys).toEqual([
      { span: "3", correlation: "corr-flow", lot: "L-CHILD", order: "PO-1", message: "" },
      { span: "2", correlation: "corr-flow", lot: "L-ROOT", order: "PO-1", message: "" },
      { span: "1", correlation: "corr-flow", lot: "L-ROOT", order: "PO-1", message: "m-1" },
      { span: "4", correlation: other, lot: "", order: "", message: "" },
      { span: "5", correlation: TRACE, lot: "", order: "", message: "" },
    ]);
    // A parentSpanId cycle ends the walk instead of looping.
    expect(rows({ resourceSpans: [{ scopeSpans: [{ spans: [span("1111111111111111", "2222222222222222"), span("2222222222222222", "1111111111111111")] }] }] })).toHaveLength(2);
  });

  it("rejects a span whose attribute nests deeper than the limit, naming the attribute by its path, and keeps its neighbours", () => {
    const levels = 10_000;
    const deep = `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(levels)}{"stringValue":"x"}${"}]}}".repeat(levels)}`;
    const text = `{"resourceSpans":[{"scopeSpans":[{"spans":[
      {"traceId":"${TRACE}","spanId":"00f067aa0ba902b7","startTimeUnixNano":"1","attributes":[{"key":"ok","value":{"stringValue":"v"}}]},
      {"traceId":"${TRACE}","spanId":"00f067aa0ba902b8","startTimeUnixNano":"1","attributes":[{"key":"ok","value":{"stringValue":"v"}},{"key":"deep","value":${deep}}]}]}]}]}`;
    const { events, rejected } = decodeOtlpTraces(text, map);
    expect(events).toHaveLength(1);
    expect(rejected).toEqual([{ id: null, raw: expect.stringContaining('"key":"deep"') as string, reason: `resourceSpans[0].scopeSpans[0].spans[1].attributes[1]: ${TOO_DEEP}` }]);
    expect(() => decodeOtlpTraces(`{"resourceSpans":[{"resource":{"attributes":[{"key":"deep","value":${deep}}]}}]}`, map)).toThrow(
      `resourceSpans[0].resource.attributes[0]: ${TOO_DEEP}`,
    );
  });

  it("names the attribute a refused business key came from, on the span or its resource", () => {
    const span = single({ attributes: [str("http.route", "/x"), str("mfg.lot.id", "lot with spaces")] });
    expect(decodeOtlpTraces(JSON.stringify(span), map).rejected.map((r) => r.reason)).toEqual([
      "resourceSpans[0].scopeSpans[0].spans[0].attributes[1]: mfg.lot.id must be printable ASCII without spaces",
    ]);
    const resource = single({}, [str("service.name", "mes"), str("mfg.plant", "P".repeat(201))]);
    expect(decodeOtlpTraces(JSON.stringify(resource), map).rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^resourceSpans\[0\]\.resource\.attributes\[1\]: mfg\.plant /),
    ]);
  });

  it("rejects in place a span the protobuf decoder could not read, so the paths of the others stay right", () => {
    const body = single({});
    const spans = body.resourceSpans[0]!.scopeSpans[0]!.spans as unknown[];
    spans.unshift(new UndecodedSpan(TOO_DEEP, { span_base64: "AA==" }));
    const { events, paths, rejected } = mapOtlpTraces(body, map);
    expect(paths).toEqual(["resourceSpans[0].scopeSpans[0].spans[1]"]);
    expect(events).toHaveLength(1);
    expect(rejected).toEqual([{ id: null, raw: expect.stringContaining('"span_base64":"AA=="') as string, reason: `resourceSpans[0].scopeSpans[0].spans[0]: ${TOO_DEEP}` }]);
  });
});
