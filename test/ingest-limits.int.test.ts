import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_EVENT_BYTES, MAX_JSON_DEPTH } from "../lib/events/contract";
import { TEST_INGEST_TOKEN, embeddedTestEnv } from "./embedded-env";

const dir = embeddedTestEnv("ingest-limits");

const { handleIngestRequest } = await import("../ingest/http-ingest");
const { getRuntime } = await import("../server/runtime");

// JSON.parse takes this depth; JSON.stringify and recursive walks overflow the stack on it.
const LEVELS = 10_000;
const nestedObjects = `${'{"a":'.repeat(LEVELS)}1${"}".repeat(LEVELS)}`;
const nestedArrays = `${"[".repeat(LEVELS)}${"]".repeat(LEVELS)}`;

function eventJson(id: string, data: string) {
  return `{"specversion":"1.0","id":"${id}","source":"/plants/P100/qms","type":"mfg.inspection.failed","correlationid":"corr-limits","data":${data}}`;
}

function post(body: string, headers: Record<string, string>) {
  return handleIngestRequest(
    new Request("http://localhost/api/v1/ingest/events", { method: "POST", headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, ...headers }, body }),
  );
}

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { clickhouse } = await getRuntime();
  return (await clickhouse.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}

async function deadLetters(res: Response) {
  return rows<{ event_id: string; reason: string; raw: string }>("SELECT event_id, reason, raw FROM dead_letters WHERE request_id = {r:String}", {
    r: res.headers.get("x-request-id"),
  });
}

const DEPTH_REASON = `data: nests deeper than the limit of ${MAX_JSON_DEPTH} levels of JSON objects and arrays`;

beforeAll(async () => {
  await getRuntime();
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("nesting and size limits on POST /api/v1/ingest/events (real chDB)", () => {
  it("answers 400 naming the event and the depth limit for a structured event nested 10,000 levels, and dead-letters it whole", async () => {
    const res = await post(eventJson("evt-deep-1", nestedObjects), { "content-type": "application/cloudevents+json" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as { detail: string; errors: unknown[] };
    expect(body.detail).toBe(`event 0 (id evt-deep-1) is invalid: ${DEPTH_REASON}`);
    expect(body.errors).toEqual([{ index: 0, id: "evt-deep-1", reason: DEPTH_REASON }]);
    const dead = await deadLetters(res);
    expect(dead).toEqual([{ event_id: "evt-deep-1", reason: DEPTH_REASON, raw: expect.any(String) as string }]);
    // As sent: the body is compact JSON, which the dead letter writes back byte for byte.
    expect(dead[0]!.raw).toBe(eventJson("evt-deep-1", nestedObjects));
  });

  it("stores the valid neighbours of a batch event nested 10,000 levels deep in arrays and reports that one by id", async () => {
    const batch = `[${eventJson("evt-deep-ok-1", '{"n":1}')},${eventJson("evt-deep-2", nestedArrays)},${eventJson("evt-deep-ok-2", '{"n":2}')}]`;
    const res = await post(batch, { "content-type": "application/cloudevents-batch+json" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ accepted: 2, rejected: 1, errors: [{ index: 1, id: "evt-deep-2", reason: DEPTH_REASON }] });
    expect(await rows("SELECT event_id FROM events WHERE correlation_id = 'corr-limits' ORDER BY event_id")).toEqual([
      { event_id: "evt-deep-ok-1" },
      { event_id: "evt-deep-ok-2" },
    ]);
    expect((await deadLetters(res)).map((d) => [d.event_id, d.reason])).toEqual([["evt-deep-2", DEPTH_REASON]]);
  });

  it("answers 400 for binary-mode data nested 10,000 levels", async () => {
    const res = await post(nestedObjects, {
      "content-type": "application/json",
      "ce-specversion": "1.0",
      "ce-id": "evt-deep-3",
      "ce-source": "/plants/P100/qms",
      "ce-type": "mfg.inspection.failed",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ index: 0, id: "evt-deep-3", reason: DEPTH_REASON }] });
    expect((await deadLetters(res)).map((d) => [d.event_id, d.reason])).toEqual([["evt-deep-3", DEPTH_REASON]]);
  });

  it("accepts data nested exactly to the limit", async () => {
    // The event object is level 1, so data may nest MAX_JSON_DEPTH - 1 levels.
    const inner = MAX_JSON_DEPTH - 1;
    const res = await post(eventJson("evt-deep-at-limit", `${'{"a":'.repeat(inner)}1${"}".repeat(inner)}`), { "content-type": "application/cloudevents+json" });
    expect(res.status).toBe(202);
  });

  it("names the readable id of an oversized event in a batch", async () => {
    const big = eventJson("evt-big-1", JSON.stringify({ blob: "x".repeat(MAX_EVENT_BYTES) }));
    const res = await post(`[${big},${eventJson("evt-big-ok", "{}")}]`, { "content-type": "application/cloudevents-batch+json" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      accepted: 1,
      errors: [{ index: 0, id: "evt-big-1", reason: expect.stringMatching(new RegExp(`^event is \\d+ bytes; the limit is ${MAX_EVENT_BYTES}$`)) as string }],
    });
    expect((await deadLetters(res)).map((d) => d.event_id)).toEqual(["evt-big-1"]);
  });
});
