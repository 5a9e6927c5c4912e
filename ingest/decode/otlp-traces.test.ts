import { describe, expect, it } from "vitest";
import { otlpAttributeMapSchema } from "../../lib/events/otlp-attribute-map";
import { parseCloudEvent } from "../../lib/events/to-row";
import { otlpExport } from "./otlp-fixture";
import { decodeOtlpTraces } from "./otlp-traces";

const map = otlpAttributeMapSchema.parse({});

describe("decodeOtlpTraces", () => {
  it("maps spans to telemetry events: ids, timing, status, system and business keys", () => {
    const { events, rejected } = decodeOtlpTraces(otlpExport(), map);
    expect(events).toHaveLength(2);
    expect(rejected).toEqual([{ span: expect.objectContaining({ spanId: "nothex" }), reason: "spanId: spanId must be 16 hex characters" }]);
    const [route, mes] = events.map((e) => parseCloudEvent(e, new Date()));
    expect(route).toMatchObject({
      ok: true,
      row: { event_id: "5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174", kind: "telemetry", source_system: "MIDDLEWARE", plant: "P200", order_id: "PO-P200-000077", message_id: "msg-77", correlation_id: "5b8efff798038103d269b633813fc60c", trace_id: "5b8efff798038103d269b633813fc60c", span_id: "eee19b7ec3c1b174", duration_ms: 250, status: "ok", time: "2026-11-24 06:00:00.000" },
    });
    expect(mes).toMatchObject({ ok: true, row: { source_system: "MES", lot_id: "L-P200-000901", status: "failed", error: "MES rejected order: routing revision not released (422)", duration_ms: 120, type: "integration.span.POST /mes/api/v2/production-orders" } });
    const payload = JSON.parse(mes?.ok ? mes.row.payload : "{}") as { parentSpanId: string; attributes: Record<string, unknown> };
    expect(payload.parentSpanId).toBe("eee19b7ec3c1b174");
    expect(payload.attributes["http.response.status_code"]).toBe(422);
  });

  it("takes the business keys from the configured attributes", () => {
    const custom = otlpAttributeMapSchema.parse({ correlationId: ["messaging.message.id"], orderId: ["nope"] });
    const { events } = decodeOtlpTraces(otlpExport(), custom);
    expect(events[0]).toMatchObject({ correlationid: "msg-77" });
    expect(events[0]).not.toHaveProperty("orderid");
  });

  it("refuses a body that is not an export request", () => {
    expect(() => decodeOtlpTraces({ spans: [] }, map)).toThrow(/not an OTLP ExportTraceServiceRequest/);
    expect(() => decodeOtlpTraces([], map)).toThrow(/not an OTLP/);
  });
});
