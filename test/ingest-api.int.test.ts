import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_INGEST_TOKEN, embeddedTestEnv } from "./embedded-env";

const dir = embeddedTestEnv("ingest-api");
const TOKEN = TEST_INGEST_TOKEN;

const { handleIngestRequest } = await import("../ingest/http-ingest");
const { getRuntime } = await import("../server/runtime");

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

const STRUCTURED = "application/cloudevents+json";

function postBinary(ce: Record<string, string>, body: string | Buffer, contentType?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}`, ...Object.fromEntries(Object.entries(ce).map(([k, v]) => [`ce-${k}`, v])) };
  if (contentType) headers["content-type"] = contentType;
  return handleIngestRequest(new Request("http://localhost/api/v1/ingest/events", { method: "POST", headers, body: new Uint8Array(Buffer.from(body)) }));
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

  it("keeps binary-mode data that is not JSON as base64 and percent-decodes header values", async () => {
    const res = await postBinary(
      { specversion: "1.0", id: "evt-binary-xml", source: "/plants/P300/m%C3%A9s", type: "mfg.lot.produced", correlationid: "corr-binary-xml", errormessage: "50% scrap" },
      "<lot id='L-1'/>",
      "application/xml",
    );
    expect(res.status).toBe(202);
    expect(await rows("SELECT source, error, payload FROM events WHERE correlation_id = 'corr-binary-xml'")).toEqual([
      { source: "/plants/P300/més", error: "50% scrap", payload: JSON.stringify({ data_base64: Buffer.from("<lot id='L-1'/>").toString("base64") }) },
    ]);
  });

  it("answers 400 naming what a binary-mode event lacks, and dead-letters it with its attributes", async () => {
    const missing = await postBinary({ specversion: "1.0", id: "evt-binary-nosource", type: "mfg.lot.produced", durationms: "soon" }, "{}", "application/json");
    expect(missing.status).toBe(400);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await missing.json()) as { detail: string };
    expect(problem.detail).toMatch(/evt-binary-nosource.*source.*durationms/);
    const [dead] = await rows<{ event_id: string; raw: string }>("SELECT event_id, raw FROM dead_letters WHERE request_id = {r:String}", { r: missing.headers.get("x-request-id") });
    expect(dead!.event_id).toBe("evt-binary-nosource");
    expect(JSON.parse(dead!.raw)).toMatchObject({ id: "evt-binary-nosource", type: "mfg.lot.produced", durationms: "soon", data: {} });

    const broken = await postBinary({ specversion: "1.0", id: "evt-binary-broken", source: "/mes", type: "mfg.lot.produced" }, "{broken", "application/json");
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { detail: string }).detail).toMatch(/binary-mode data is not valid JSON/);
    const [undecodable] = await rows<{ raw: string }>("SELECT raw FROM dead_letters WHERE request_id = {r:String}", { r: broken.headers.get("x-request-id") });
    expect(undecodable!.raw).toBe("ce-id: evt-binary-broken\nce-source: /mes\nce-specversion: 1.0\nce-type: mfg.lot.produced\ncontent-type: application/json\n\n{broken");
  });

  it("reads a CloudEvents media type as structured mode even with ce- headers present", async () => {
    const res = await handleIngestRequest(
      new Request("http://localhost/api/v1/ingest/events", {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": STRUCTURED, "ce-specversion": "1.0", "ce-id": "stray" },
        body: JSON.stringify(event("evt-structured-stray", { correlationid: "corr-stray" })),
      }),
    );
    expect(await res.json()).toMatchObject({ accepted: 1, mode: "structured" });
  });

  it("answers 503 with Retry-After while ClickHouse fails, refuses at once while a write is failing, and recovers", async () => {
    const runtime = await getRuntime();
    const send = (id: string) => post(JSON.stringify(event(id, { correlationid: "corr-outage" })), STRUCTURED);
    // Every insert into events fails, as with ClickHouse down, until the constraint is dropped.
    await runtime.clickhouse.command({ query: "ALTER TABLE events ADD CONSTRAINT outage CHECK 0" });
    try {
      const failed = await send("evt-outage-1");
      expect(failed.status).toBe(503);
      expect(failed.headers.get("retry-after")).toBe("5");
      expect(failed.headers.get("content-type")).toBe("application/problem+json");
      expect(runtime.ingest.stats().lastError).not.toBeNull();

      // The next request is let through to probe ClickHouse; while its write is pending, others are refused without queueing.
      const probe = send("evt-outage-2");
      await vi.waitFor(() => expect(runtime.ingest.stats().pendingRows).toBeGreaterThan(0), { interval: 1, timeout: 5_000 });
      const refused = await send("evt-outage-3");
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("5");
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/ClickHouse is failing.*retry/);
      expect((await probe).status).toBe(503);
    } finally {
      await runtime.clickhouse.command({ query: "ALTER TABLE events DROP CONSTRAINT outage" });
    }

    expect((await send("evt-outage-4")).status).toBe(202);
    expect(runtime.ingest.stats().lastError).toBeNull();
    expect(await rows("SELECT event_id FROM events WHERE correlation_id = 'corr-outage'")).toEqual([{ event_id: "evt-outage-4" }]);
  });

  it("answers 415 for a content type that is not CloudEvents JSON", async () => {
    const res = await post("x", "text/plain");
    expect(res.status).toBe(415);
  });
});
