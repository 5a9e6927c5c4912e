import { describe, expect, it } from "vitest";
import type { EventRow } from "../../lib/events/contract";
import { otlpAttributeMapSchema } from "../../lib/events/otlp-attribute-map";
import { parseCloudEvent } from "../../lib/events/to-row";
import { otlpExport } from "./otlp-fixture";
import { UndecodableTraces, decodeOtlpTraces } from "./otlp-traces";

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
      { raw: expect.stringContaining('"nothex"') as string, reason: "resourceSpans[1].scopeSpans[0].spans[1]: spanId must be 16 hex characters, not all zero" },
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
    expect(decodeOtlpTraces("{}", map)).toEqual({ events: [], rejected: [] });
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
      "resourceSpans[0].scopeSpans[0].spans[0]: traceId must be 32 hex characters, not all zero",
      "resourceSpans[0].scopeSpans[0].spans[1]: startTimeUnixNano is required",
      "resourceSpans[0].scopeSpans[0].spans[2]: startTimeUnixNano must be nanoseconds since the Unix epoch, as an integer",
      "resourceSpans[0].scopeSpans[0].spans[3]: startTimeUnixNano is beyond the year 9999",
      "resourceSpans[0].scopeSpans[0].spans[4]: parentSpanId must be 16 hex characters, not all zero",
    ]);
  });

  it("refuses a body that is not an export request", () => {
    expect(() => decodeOtlpTraces("{nope", map)).toThrow(UndecodableTraces);
    expect(() => decodeOtlpTraces("{nope", map)).toThrow(/not valid JSON/);
    expect(() => decodeOtlpTraces("[]", map)).toThrow(/not an OTLP ExportTraceServiceRequest/);
    expect(() => decodeOtlpTraces('{"resourceSpans":{}}', map)).toThrow(/resourceSpans/);
  });
});
