import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { otlpExport } from "../ingest/decode/otlp-fixture";
import { makeTempDir } from "./temp-dir";

const dir = makeTempDir("otlp");
const TOKEN = "test-ingest-token-0123456789";
process.env.LOTLINE_DATA_DIR = dir.path;
process.env.LOTLINE_INGEST_TOKEN = TOKEN;
process.env.LOTLINE_SIMULATOR = "0";
process.env.LOTLINE_ADMIN_PASSWORD = "integration-admin-pw";
process.env.LOTLINE_INGEST_FLUSH_MS = "20";

const { handleOtlpTracesRequest } = await import("../ingest/otlp-ingest");
const { getRuntime } = await import("../lib/runtime");
const { getTraceEvents } = await import("../lib/queries/get-trace");

const post = (body: string, contentType = "application/json", token = TOKEN) =>
  handleOtlpTracesRequest(new Request("http://localhost/v1/traces", { method: "POST", headers: { "content-type": contentType, authorization: `Bearer ${token}` }, body }));

beforeAll(async () => {
  await getRuntime();
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("POST /v1/traces (OTLP/HTTP JSON, real chDB)", () => {
  it("stores spans as a trace across systems, reports the invalid span as a partial success and dead-letters it", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const res = await post(JSON.stringify(otlpExport(traceId)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: "spanId: spanId must be 16 hex characters" } });

    const events = await getTraceEvents(traceId);
    expect(events.map((e) => [e.system, e.status, e.spanId])).toEqual([
      ["MIDDLEWARE", "ok", "eee19b7ec3c1b174"],
      ["MES", "failed", "b7ad6b7169203331"],
    ]);
    expect(events[1]).toMatchObject({ lotId: "L-P200-000901", orderId: "PO-P200-000077", durationMs: 120, traceId });

    const { clickhouse } = await getRuntime();
    const dead = await (await clickhouse.query({ query: "SELECT channel, reason, raw FROM dead_letters", format: "JSONEachRow" })).json<{ channel: string; reason: string; raw: string }>();
    expect(dead).toEqual([{ channel: "otlp", reason: "spanId: spanId must be 16 hex characters", raw: expect.stringContaining('"nothex"') }]);
  });

  it("answers 415 for protobuf, 401 without the token, 400 for a body that is not an export", async () => {
    expect((await post("\x0a\x00", "application/x-protobuf")).status).toBe(415);
    expect((await post("{}", "application/json", "wrong-token-wrong-token")).status).toBe(401);
    const bad = await post('{"hello":1}');
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
  });
});
