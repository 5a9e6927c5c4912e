import type { Db } from "../lib/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import type { DeadLetterRecord } from "../lib/queries/get-dead-letters";
import { TEST_INGEST_TOKEN, embeddedTestEnv } from "./embedded-env";

// GET /api/v1/ingest-errors through its route handler with API tokens, over dead letters written
// by the ingest API itself and a few placed at known times and channels.
const dir = embeddedTestEnv("ingest-errors-api");

const { getRuntime, getDb } = await import("../server/runtime");
const { createApiToken } = await import("../lib/auth/api-tokens");
const { handleIngestRequest } = await import("../ingest/http-ingest");
const route = await import("../app/api/v1/ingest-errors/route");

interface Page {
  total: number;
  limit: number;
  offset: number;
  nextOffset: number | null;
  rawIncluded: boolean;
  items: DeadLetterRecord[];
}

const tokens: Record<"admin" | "viewer" | "manager", string> = { admin: "", viewer: "", manager: "" };
const noParams = { params: Promise.resolve({}) as Promise<Record<string, never>> };
const call = (who: keyof typeof tokens, query: string) =>
  route.GET(new Request(`http://lotline.test/api/v1/ingest-errors${query}`, { headers: { authorization: `Bearer ${tokens[who]}` } }), noParams);
const page = async (who: keyof typeof tokens, query: string): Promise<Page> => {
  const res = await call(who, query);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Page;
};

const KAFKA_RAW = Buffer.from([0x7b, 0xff, 0xfe, 0x00]); // not UTF-8: only base64 holds it

let db!: Db;

beforeAll(async () => {
  db = (await getRuntime()).db!;
  const runtime = await getRuntime();
  const user = await (await getDb()).user.findFirstOrThrow({ where: { role: "admin" } });
  const createdBy: Actor = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
  tokens.admin = (await createApiToken({ name: "ops", role: "admin", createdBy }, { db })).token;
  tokens.viewer = (await createApiToken({ name: "wallboard", role: "viewer", createdBy }, { db })).token;
  tokens.manager = (await createApiToken({ name: "pm", role: "plant_manager", plants: ["P100"], createdBy }, { db })).token;

  // Three invalid events of one batch, dead-lettered by the ingest API (received now, channel http).
  const bad = [1, 2, 3].map((i) => ({ specversion: "0.3", id: `bad-${i}`, source: "/erp", type: "mfg.order.released", plant: "P100" }));
  const res = await handleIngestRequest(
    new Request("http://localhost/api/v1/ingest/events", {
      method: "POST",
      headers: { "content-type": "application/cloudevents-batch+json", authorization: `Bearer ${TEST_INGEST_TOKEN}` },
      body: JSON.stringify(bad),
    }),
  );
  expect(res.status).toBe(400);
  await runtime.clickhouse.insert({
    table: "dead_letters",
    format: "JSONEachRow",
    values: [
      { received_at: "2026-11-21 10:00:00.000", channel: "otlp", request_id: "req-otlp", topic: "", partition: 0, offset: 0, event_id: "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331", reason: "lotid: must be printable ASCII without spaces", raw: '{"name":"post"}' },
    ],
  });
  // Bytes that are no UTF-8 cannot travel in a JSON insert: written from hex.
  await runtime.clickhouse.command({
    query: `INSERT INTO dead_letters (received_at, channel, request_id, topic, partition, offset, event_id, reason, raw)
            SELECT toDateTime64('2026-11-20 10:00:00.000', 3, 'UTC'), 'kafka', '', 'lotline.events', 2, 41, '', 'Record value is not JSON', unhex({hex:String})`,
    query_params: { hex: KAFKA_RAW.toString("hex") },
  });
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("GET /api/v1/ingest-errors (real chDB and PGlite)", () => {
  it("lists every dead letter newest first, with the raw input for an admin", async () => {
    const all = await page("admin", "");
    expect(all).toMatchObject({ total: 5, limit: 100, offset: 0, nextOffset: null, rawIncluded: true });
    expect(all.items.map((d) => d.channel)).toEqual(["http", "http", "http", "otlp", "kafka"]);
    const http = all.items.find((d) => d.eventId === "bad-2")!;
    expect(JSON.parse(http.raw!)).toMatchObject({ id: "bad-2", specversion: "0.3" });
    expect(Buffer.from(http.rawBase64!, "base64").toString("utf8")).toBe(http.raw);
    expect(http.rawBytes).toBe(Buffer.byteLength(http.raw!));
    expect(http.reason).toMatch(/specversion/);
  });

  it("keeps input that is not UTF-8 byte for byte in rawBase64", async () => {
    const [kafka] = (await page("admin", "?channel=kafka")).items;
    expect(kafka).toMatchObject({ channel: "kafka", topic: "lotline.events", partition: 2, offset: 41, raw: null });
    expect(Buffer.from(kafka!.rawBase64!, "base64")).toEqual(KAFKA_RAW);
  });

  it("leaves the raw input out for roles that may not read payloads, and for plant managers", async () => {
    for (const who of ["viewer", "manager"] as const) {
      const listed = await page(who, "");
      expect(listed.total).toBe(5);
      expect(listed.rawIncluded).toBe(false);
      for (const d of listed.items) {
        expect(d).not.toHaveProperty("raw");
        expect(d).not.toHaveProperty("rawBase64");
        expect(d.rawBytes).toBeGreaterThan(0);
      }
    }
  });

  it("filters by channel, reason text, event id and time range", async () => {
    expect((await page("admin", "?channel=otlp")).items.map((d) => d.requestId)).toEqual(["req-otlp"]);
    expect((await page("admin", "?reason=PRINTABLE")).items.map((d) => d.channel)).toEqual(["otlp"]);
    expect((await page("admin", "?eventId=bad-3")).items.map((d) => d.eventId)).toEqual(["bad-3"]);
    const window = await page("admin", `?from=${encodeURIComponent("2026-11-20T00:00:00Z")}&to=${encodeURIComponent("2026-11-21T10:00:00Z")}`);
    // `to` is exclusive: the OTLP dead letter at exactly 10:00 on the 21st is the next window's.
    expect(window.items.map((d) => d.channel)).toEqual(["kafka"]);
    expect((await page("admin", "?channel=http&reason=specversion&from=2026-11-22T00:00:00Z")).total).toBe(3);
  });

  it("pages with limit and offset until nextOffset is null", async () => {
    const seen: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const p: Page = await page("admin", `?limit=2&offset=${offset}`);
      expect(p.items.length).toBeLessThanOrEqual(2);
      seen.push(...p.items.map((d) => `${d.channel}:${d.eventId}:${d.offset}`));
      offset = p.nextOffset;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual((await page("admin", "")).items.map((d) => `${d.channel}:${d.eventId}:${d.offset}`));
  });

  it("answers 400 problem+json naming a bad parameter", async () => {
    for (const [query, field] of [
      ["?channel=fax", "channel"],
      ["?limit=0", "limit"],
      ["?limit=501", "limit"],
      ["?offset=-1", "offset"],
      ["?limit=ten", "limit"],
      ["?from=yesterday", "from"],
      ["?from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z", "to"],
      ["?reason=", "reason"],
      ["?colour=red", "query"],
    ] as const) {
      const res = await call("admin", query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type"), query).toContain("application/problem+json");
      expect(((await res.json()) as { detail: string }).detail, query).toContain(field);
    }
  });
});
