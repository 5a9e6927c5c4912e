import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "./temp-dir";

const dir = makeTempDir("ingest-api");
const TOKEN = "test-ingest-token-0123456789";
process.env.LOTLINE_DATA_DIR = dir.path;
process.env.LOTLINE_INGEST_TOKEN = TOKEN;
process.env.LOTLINE_SIMULATOR = "0";
process.env.LOTLINE_ADMIN_PASSWORD = "integration-admin-pw";
process.env.LOTLINE_INGEST_FLUSH_MS = "20";

const { handleIngestRequest } = await import("../ingest/http-ingest");
const { getRuntime } = await import("../lib/runtime");

function event(id: string, extra: Record<string, unknown> = {}) {
  return {
    specversion: "1.0",
    id,
    source: "/plants/P100/qms",
    type: "mfg.inspection.failed",
    time: "2026-11-22T10:00:00.000Z",
    correlationid: "corr-api-1",
    lotid: "L-P100-000001",
    plant: "P100",
    sourcesystem: "QMS",
    data: { characteristic: "hardness" },
    ...extra,
  };
}

function post(body: string, contentType: string, token: string | null = TOKEN) {
  const headers: Record<string, string> = { "content-type": contentType };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return handleIngestRequest(new Request("http://localhost/api/v1/ingest/events", { method: "POST", headers, body }));
}

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { clickhouse } = await getRuntime();
  return (await clickhouse.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}

beforeAll(async () => {
  await getRuntime();
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("POST /api/v1/ingest/events (real chDB)", () => {
  it("stores a structured event, queryable by its correlation id, before answering 202", async () => {
    const res = await post(JSON.stringify(event("evt-api-1")), "application/cloudevents+json");
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: 1, mode: "structured" });
    const found = await rows<{ event_id: string; lot_id: string; source_system: string }>(
      "SELECT event_id, lot_id, source_system FROM events WHERE correlation_id = {c:String}",
      { c: "corr-api-1" },
    );
    expect(found).toEqual([{ event_id: "evt-api-1", lot_id: "L-P100-000001", source_system: "QMS" }]);
  });

  it("keeps the good events of a batch, answers 400 naming the bad one, and dead-letters it", async () => {
    const batch = [
      event("evt-batch-1", { correlationid: "corr-batch" }),
      { ...event("evt-batch-bad", { correlationid: "corr-batch" }), specversion: "0.3" },
      event("evt-batch-3", { correlationid: "corr-batch" }),
    ];
    const res = await post(JSON.stringify(batch), "application/cloudevents-batch+json");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as { detail: string; accepted: number; errors: { index: number; id: string; reason: string }[] };
    expect(problem.accepted).toBe(2);
    expect(problem.detail).toContain("evt-batch-bad");
    expect(problem.errors).toEqual([{ index: 1, id: "evt-batch-bad", reason: expect.stringContaining("specversion") }]);

    const stored = await rows<{ event_id: string }>("SELECT event_id FROM events WHERE correlation_id = 'corr-batch' ORDER BY event_id");
    expect(stored.map((r) => r.event_id)).toEqual(["evt-batch-1", "evt-batch-3"]);
    const dead = await rows<{ event_id: string; channel: string; reason: string; raw: string; request_id: string }>(
      "SELECT event_id, channel, reason, raw, request_id FROM dead_letters WHERE event_id = 'evt-batch-bad'",
    );
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ channel: "http", reason: expect.stringContaining("specversion"), request_id: res.headers.get("x-request-id") });
    expect(JSON.parse(dead[0]!.raw)).toMatchObject({ id: "evt-batch-bad", specversion: "0.3" });
  });

  it("dead-letters a body that is not JSON, whole, and answers 400", async () => {
    const res = await post("{not json", "application/cloudevents+json");
    expect(res.status).toBe(400);
    const requestId = res.headers.get("x-request-id");
    const dead = await rows<{ raw: string; reason: string }>("SELECT raw, reason FROM dead_letters WHERE request_id = {r:String}", { r: requestId });
    expect(dead).toEqual([{ raw: "{not json", reason: expect.stringContaining("not valid JSON") }]);
  });

  it("answers 401 without a token or with a wrong one, and stores nothing", async () => {
    for (const token of [null, "wrong-token-wrong-token"]) {
      const res = await post(JSON.stringify(event(`evt-unauth-${token}`)), "application/cloudevents+json", token);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(((await res.json()) as { status: number }).status).toBe(401);
    }
    expect(await rows("SELECT 1 FROM events WHERE event_id LIKE 'evt-unauth-%'")).toEqual([]);
  });

  it("stores a binary-mode event: attributes from ce- headers, data from the body", async () => {
    const res = await handleIngestRequest(
      new Request("http://localhost/api/v1/ingest/events", {
        method: "POST",
        headers: {
          authorization: `Bearer ${TOKEN}`,
          "content-type": "application/json",
          "ce-specversion": "1.0",
          "ce-id": "evt-binary-1",
          "ce-source": "/plants/P200/mes",
          "ce-type": "mfg.lot.produced",
          "ce-time": "2026-11-22T11:00:00.000Z",
          "ce-correlationid": "corr-binary-1",
          "ce-lotid": "L-P200-000042",
          "ce-plant": "P200",
          "ce-sourcesystem": "MES",
          "ce-durationms": "340",
        },
        body: JSON.stringify({ quantity: 12, uom: "EA" }),
      }),
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: 1, mode: "binary" });
    const found = await rows<{ lot_id: string; duration_ms: number; payload: string }>(
      "SELECT lot_id, duration_ms, payload FROM events WHERE correlation_id = {c:String}",
      { c: "corr-binary-1" },
    );
    expect(found).toEqual([{ lot_id: "L-P200-000042", duration_ms: 340, payload: '{"quantity":12,"uom":"EA"}' }]);
  });

  it("answers 415 for a content type that is not CloudEvents JSON", async () => {
    const res = await post("x", "text/plain");
    expect(res.status).toBe(415);
  });
});
