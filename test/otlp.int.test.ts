import type { ClickHouseClient } from "@clickhouse/client";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { otlpExport } from "../ingest/decode/otlp-fixture";
import { TOO_DEEP } from "../lib/events/to-row";
import { TEST_INGEST_TOKEN, embeddedTestEnv } from "./embedded-env";

// A site that names lots its own way; the other business keys keep their defaults.
const dir = embeddedTestEnv("otlp", {
  LOTLINE_OTLP_ATTRIBUTE_MAP: JSON.stringify({ lotId: ["mfg.lot.id", "acme.batch"] }),
});
const TOKEN = TEST_INGEST_TOKEN;

const { handleOtlpTracesRequest } = await import("../ingest/otlp-ingest");
const { getRuntime } = await import("../server/runtime");
const { getTraceEvents } = await import("../lib/queries/get-trace");

function post(body: string | Buffer, headers: Record<string, string> = {}) {
  return handleOtlpTracesRequest(
    new Request("http://localhost/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers },
      body: new Uint8Array(Buffer.from(body)),
    }),
  );
}

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { clickhouse } = await getRuntime();
  return (await clickhouse.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}

function oneSpan(traceId: string, attributes: { key: string; value: unknown }[]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "qms-gateway" } }] },
        scopeSpans: [{ spans: [{ traceId, spanId: "00f067aa0ba902b7", name: "inspect", startTimeUnixNano: "1795500000000000000", endTimeUnixNano: "1795500000005000000", attributes }] }],
      },
    ],
  };
}

let ch!: ClickHouseClient;

beforeAll(async () => {
  ch = (await getRuntime()).clickhouse;
  await getRuntime();
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("POST /v1/traces (OTLP/HTTP JSON, real chDB)", () => {
  it("stores three spans of two services as one trace with their parents, and dead-letters the invalid span as a partial success", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const res = await post(JSON.stringify(otlpExport(traceId)));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({
      partialSuccess: { rejectedSpans: 1, errorMessage: "resourceSpans[1].scopeSpans[0].spans[1].spanId: must be 16 hex characters, not all zero" },
    });

    const stored = await rows<Record<string, string | number>>(
      `SELECT event_id, toString(time) AS time, kind, type, source_system, source, plant, correlation_id, trace_id, span_id,
              lot_id, order_id, message_id, status, duration_ms, error, payload
       FROM events WHERE trace_id = {t:String} ORDER BY time`,
      { t: traceId },
    );
    expect(stored.map(({ payload, ...row }) => ({ ...row, parent: (JSON.parse(payload as string) as { parentSpanId: string | null }).parentSpanId }))).toEqual([
      {
        event_id: `${traceId}-eee19b7ec3c1b174`,
        time: "2026-11-24 06:00:00.000",
        kind: "telemetry",
        type: "integration.span.route erp-mes-order",
        source_system: "MIDDLEWARE",
        source: "otel://middleware-broker",
        plant: "P200",
        correlation_id: traceId,
        trace_id: traceId,
        span_id: "eee19b7ec3c1b174",
        lot_id: "",
        order_id: "PO-P200-000077",
        message_id: "msg-77",
        status: "ok",
        duration_ms: 250,
        error: "",
        parent: null,
      },
      // The publish span names no order: it inherits its parent's.
      expect.objectContaining({
        span_id: "1f2e3d4c5b6a7980",
        source_system: "MIDDLEWARE",
        time: "2026-11-24 06:00:00.040",
        duration_ms: 50,
        order_id: "PO-P200-000077",
        parent: "eee19b7ec3c1b174",
      }),
      expect.objectContaining({
        span_id: "b7ad6b7169203331",
        source_system: "MES",
        source: "otel://mes-api",
        lot_id: "L-P200-000901",
        order_id: "PO-P200-000077",
        status: "failed",
        error: "MES rejected order: routing revision not released (422)",
        duration_ms: 120,
        parent: "1f2e3d4c5b6a7980",
      }),
    ]);
    // The trace page finds the spans by their correlation id, which defaults to the trace id.
    expect((await getTraceEvents(ch, traceId)).map((e) => e.spanId)).toEqual(["eee19b7ec3c1b174", "1f2e3d4c5b6a7980", "b7ad6b7169203331"]);

    const dead = await rows<{ channel: string; reason: string; raw: string }>("SELECT channel, reason, raw FROM dead_letters WHERE request_id = {r:String}", {
      r: res.headers.get("x-request-id"),
    });
    expect(dead).toEqual([{ channel: "otlp", reason: expect.stringContaining("spanId: must be 16 hex characters") as string, raw: expect.stringContaining('"nothex"') as string }]);
    expect(dead[0]!.raw).toContain("mes-api");
  });

  it("takes business keys from the attributes named in LOTLINE_OTLP_ATTRIBUTE_MAP and accepts gzip bodies", async () => {
    const traceId = "1bf7651916cd43dd8448eb211c80319c";
    const body = JSON.stringify(oneSpan(traceId, [{ key: "acme.batch", value: { stringValue: "B-7781" } }]));
    const res = await post(gzipSync(body), { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(await rows("SELECT lot_id, source_system FROM events WHERE trace_id = {t:String}", { t: traceId })).toEqual([{ lot_id: "B-7781", source_system: "QMS" }]);
  });

  it("reports spans the event contract refuses as rejected, stores the rest", async () => {
    const traceId = "2cf7651916cd43dd8448eb211c80319c";
    const res = await post(JSON.stringify(oneSpan(traceId, [{ key: "mfg.lot.id", value: { stringValue: "lot with spaces" } }])));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: { rejectedSpans: 1, errorMessage: "resourceSpans[0].scopeSpans[0].spans[0].attributes[0]: mfg.lot.id must be printable ASCII without spaces" },
    });
    expect(await rows("SELECT 1 FROM events WHERE trace_id = {t:String}", { t: traceId })).toEqual([]);
    expect(await rows("SELECT event_id FROM dead_letters WHERE request_id = {r:String}", { r: res.headers.get("x-request-id") })).toEqual([
      { event_id: `${traceId}-00f067aa0ba902b7` },
    ]);
  });

  it("rejects a span with an attribute nested 10,000 levels as a partial success naming the attribute and the limit, and stores its neighbour", async () => {
    const traceId = "3df7651916cd43dd8448eb211c80319c";
    const levels = 10_000;
    const deep = `${'{"arrayValue":{"values":['.repeat(levels)}{"stringValue":"x"}${"]}}".repeat(levels)}`;
    const body = JSON.stringify(oneSpan(traceId, [{ key: "mfg.lot.id", value: { stringValue: "L-DEEP-OK" } }])).replace(
      /\]\}\]\}\]\}$/,
      `,{"traceId":"${traceId}","spanId":"00f067aa0ba902b8","startTimeUnixNano":"1795500000000000000","attributes":[{"key":"deep","value":${deep}}]}]}]}]}`,
    );
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: `resourceSpans[0].scopeSpans[0].spans[1].attributes[0]: ${TOO_DEEP}` } });
    expect(await rows("SELECT span_id, lot_id FROM events WHERE trace_id = {t:String}", { t: traceId })).toEqual([{ span_id: "00f067aa0ba902b7", lot_id: "L-DEEP-OK" }]);
    expect(await rows("SELECT reason FROM dead_letters WHERE request_id = {r:String}", { r: res.headers.get("x-request-id") })).toEqual([
      { reason: `resourceSpans[0].scopeSpans[0].spans[1].attributes[0]: ${TOO_DEEP}` },
    ]);
  });

  it("answers 415 for another content type naming both encodings, 401 without the token, 400 for a body that is not an export, 200 for an empty one", async () => {
    const text = await post("{}", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    expect(text.headers.get("content-type")).toBe("application/problem+json");
    expect(((await text.json()) as { detail: string }).detail).toMatch(/application\/x-protobuf \(http\/protobuf\) or application\/json \(http\/json\)/);

    const unauthenticated = await post("{}", { authorization: "Bearer wrong-token-wrong-token" });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("www-authenticate")).toContain("Bearer");

    const bad = await post('{"resourceSpans":');
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/not valid JSON/);
    expect(await rows("SELECT raw FROM dead_letters WHERE request_id = {r:String}", { r: bad.headers.get("x-request-id") })).toEqual([{ raw: '{"resourceSpans":' }]);
    expect((await post('{"resourceSpans":{}}')).status).toBe(400);

    // proto3 JSON leaves out empty lists, and receivers ignore fields they do not know.
    const empty = await post('{"futureField":1}');
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({});
  });
});
