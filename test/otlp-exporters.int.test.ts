import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DiagLogLevel, ROOT_CONTEXT, SpanKind, SpanStatusCode, diag, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExportResponse, RpcStatus } from "../ingest/decode/otlp-proto";
import { deepSpan, encodeRequest } from "../ingest/decode/otlp-protobuf-fixture";
import { TOO_DEEP } from "../lib/events/to-row";
import { TEST_INGEST_TOKEN, embeddedTestEnv } from "./embedded-env";

const dir = embeddedTestEnv("otlp-exporters");

const { handleOtlpTracesRequest } = await import("../ingest/otlp-ingest");
const { getRuntime } = await import("../server/runtime");

// What reached the server, to show that each exporter sent what it was set to.
const seen: { type: string | undefined; encoding: string | undefined }[] = [];
// The exporters report a partial success through the OpenTelemetry diagnostic logger only.
const warnings: string[] = [];
let server: Server;
let url: string;

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { clickhouse } = await getRuntime();
  return (await clickhouse.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}

function exporter(encoding: "json" | "protobuf", compression: CompressionAlgorithm): SpanExporter {
  const config = { url, headers: { Authorization: `Bearer ${TEST_INGEST_TOKEN}` }, compression };
  return encoding === "json" ? new JsonExporter(config) : new ProtobufExporter(config);
}

/** Exports one request through the real SDK: the batch processor sends every ended span in one export. */
async function withTracer(spanExporter: SpanExporter, work: (tracer: ReturnType<BasicTracerProvider["getTracer"]>) => void) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "mes-api" }),
    spanProcessors: [new BatchSpanProcessor(spanExporter)],
  });
  work(provider.getTracer("lotline-exporter-test"));
  await provider.shutdown();
}

function post(body: Uint8Array, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${TEST_INGEST_TOKEN}`, ...headers },
    body: new Uint8Array(body),
  });
}

beforeAll(async () => {
  await getRuntime();
  diag.setLogger({ error: () => {}, warn: (...args: unknown[]) => warnings.push(args.join(" ")), info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({ type: req.headers["content-type"], encoding: req.headers["content-encoding"] });
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      void handleOtlpTracesRequest(new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) })).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
});

afterAll(async () => {
  diag.disable();
  await new Promise((resolve) => server.close(resolve));
  await (await getRuntime()).stop();
  dir.remove();
});

describe("POST /v1/traces from the OpenTelemetry JS exporters (real HTTP, real chDB)", () => {
  it.each([
    ["json", CompressionAlgorithm.NONE, "application/json"],
    ["json", CompressionAlgorithm.GZIP, "application/json"],
    ["protobuf", CompressionAlgorithm.NONE, "application/x-protobuf"],
    ["protobuf", CompressionAlgorithm.GZIP, "application/x-protobuf"],
  ] as const)("stores a trace exported as %s (compression %s) with its mapped fields; the child inherits the flow's keys", async (encoding, compression, type) => {
    const correlation = `corr-exporter-${encoding}-${compression}`;
    const ids: { traceId: string; root: string; child: string } = { traceId: "", root: "", child: "" };
    const before = seen.length;
    await withTracer(exporter(encoding, compression), (tracer) => {
      const root = tracer.startSpan("release order", {
        kind: SpanKind.SERVER,
        startTime: new Date("2026-11-24T06:00:00.000Z"),
        attributes: { "mfg.correlation.id": correlation, "mfg.lot.id": "L-P200-000042", "mfg.order.id": "PO-P200-000042", "mfg.plant": "P200" },
      });
      const child = tracer.startSpan("POST /mes/api/v2/operations", { kind: SpanKind.CLIENT, startTime: new Date("2026-11-24T06:00:00.040Z") }, trace.setSpan(ROOT_CONTEXT, root));
      child.setStatus({ code: SpanStatusCode.ERROR, message: "MES answered 503" });
      child.end(new Date("2026-11-24T06:00:00.160Z"));
      root.end(new Date("2026-11-24T06:00:00.250Z"));
      Object.assign(ids, { traceId: root.spanContext().traceId, root: root.spanContext().spanId, child: child.spanContext().spanId });
    });
    expect(seen.slice(before)).toEqual([{ type, encoding: compression === CompressionAlgorithm.GZIP ? "gzip" : undefined }]);

    const stored = await rows<Record<string, unknown>>(
      `SELECT event_id, toString(time) AS time, type, source, source_system, correlation_id, trace_id, span_id, lot_id, order_id, plant, status, error, duration_ms,
              JSONExtractString(payload, 'parentSpanId') AS parent
       FROM events WHERE trace_id = {t:String} ORDER BY time`,
      { t: ids.traceId },
    );
    const common = { source: "otel://mes-api", source_system: "MES", correlation_id: correlation, trace_id: ids.traceId, lot_id: "L-P200-000042", order_id: "PO-P200-000042", plant: "P200" };
    expect(stored).toEqual([
      { ...common, event_id: `${ids.traceId}-${ids.root}`, time: "2026-11-24 06:00:00.000", type: "integration.span.release order", span_id: ids.root, status: "ok", error: "", duration_ms: 250, parent: "" },
      {
        ...common,
        event_id: `${ids.traceId}-${ids.child}`,
        time: "2026-11-24 06:00:00.040",
        type: "integration.span.POST /mes/api/v2/operations",
        span_id: ids.child,
        status: "failed",
        error: "MES answered 503",
        duration_ms: 120,
        parent: ids.root,
      },
    ]);
  });

  it("answers the protobuf exporter's span with a bad attribute with a partial success naming the attribute's path", async () => {
    warnings.length = 0;
    await withTracer(exporter("protobuf", CompressionAlgorithm.GZIP), (tracer) => {
      tracer.startSpan("inspect", { attributes: { "mfg.lot.id": "lot with spaces", "mfg.order.id": "PO-1" } }).end();
    });
    expect(warnings).toEqual([
      expect.stringContaining("resourceSpans[0].scopeSpans[0].spans[0].attributes[0]: mfg.lot.id must be printable ASCII without spaces") as string,
    ]);
    expect(warnings[0]).toMatch(/Received Partial Success response:.*"rejectedSpans":"?1"?/);
  });

  it("rejects a protobuf span nested 10,000 levels as a partial success in protobuf, dead-letters it and stores its neighbour", async () => {
    const traceId = "7af7651916cd43dd8448eb211c80319c";
    const neighbour = { traceId, spanId: "00f067aa0ba902b7", name: "inspect", startTimeUnixNano: "1795500000000000000", attributes: [{ key: "mfg.lot.id", value: { stringValue: "L-DEEP-PB" } }] };
    const body = encodeRequest({ resourceSpans: [{ scopeSpans: [{ spans: [neighbour, deepSpan(10_000, traceId)] }] }] });
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    const answer = ExportResponse.toObject(ExportResponse.decode(new Uint8Array(await res.arrayBuffer())), { longs: Number });
    expect(answer).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: `resourceSpans[0].scopeSpans[0].spans[1]: ${TOO_DEEP}` } });
    expect(await rows("SELECT span_id, lot_id FROM events WHERE trace_id = {t:String}", { t: traceId })).toEqual([{ span_id: "00f067aa0ba902b7", lot_id: "L-DEEP-PB" }]);
    expect(await rows("SELECT reason FROM dead_letters WHERE request_id = {r:String}", { r: res.headers.get("x-request-id") })).toEqual([
      { reason: `resourceSpans[0].scopeSpans[0].spans[1]: ${TOO_DEEP}` },
    ]);
  });

  it("answers failures of protobuf requests with a protobuf google.rpc.Status and the HTTP status", async () => {
    const unauthorized = await post(new Uint8Array(), { authorization: "Bearer wrong-token-wrong-token" });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("content-type")).toBe("application/x-protobuf");
    expect(unauthorized.headers.get("www-authenticate")).toContain("Bearer");
    expect(RpcStatus.toObject(RpcStatus.decode(new Uint8Array(await unauthorized.arrayBuffer())))).toEqual({ message: "A valid ingest bearer token is required" });

    const garbage = await post(new Uint8Array([0x0a, 0xff, 0xff]));
    expect(garbage.status).toBe(400);
    expect(garbage.headers.get("content-type")).toBe("application/x-protobuf");
    expect(RpcStatus.toObject(RpcStatus.decode(new Uint8Array(await garbage.arrayBuffer())))).toEqual({
      message: expect.stringMatching(/^not a protobuf ExportTraceServiceRequest: /) as string,
    });
    expect(await rows("SELECT raw FROM dead_letters WHERE request_id = {r:String}", { r: garbage.headers.get("x-request-id") })).toEqual([{ raw: "Cv//" }]);
  });
});
