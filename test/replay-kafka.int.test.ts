import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { CloudEvent, Kafka as CeKafka } from "cloudevents";
import { Kafka, logLevel, type Admin, type Message } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import type { CloudEvent as LotlineEvent } from "../lib/events/contract";
import { DATABASE_ENGINE, databaseEnv } from "./database-env";
import { embeddedTestEnv } from "./embedded-env";
import { startKafka } from "./kafka-harness";
import { deadLetteredReleases, type FailedRelease } from "./replay-harness";

// Kafka re-publish end to end: originals produced in binary mode with a key and custom headers
// into a topic the in-process Kafka source ingests, a Kafka replay target without a topic (so
// each message goes back to the topic it came from), the replay job's own producer, and the
// re-published records read back with Debian's kcat — and ingested by Lotline again.
const run = promisify(execFile);
const KAFKA_SCRIPT = path.join(import.meta.dirname, "..", "scripts", "kafka.sh");
const broker = await startKafka();
const topic = `erp-orders-${randomUUID()}`;
const database = await databaseEnv("replay-kafka");
const dir = embeddedTestEnv("replay-kafka", {
  ...database.env,
  KAFKA_BROKERS: broker.brokers.join(","),
  KAFKA_TOPICS: topic,
  KAFKA_GROUP_ID: `lotline-replay-kafka-${randomUUID()}`,
});

const { getRuntime, getDb } = await import("../server/runtime");
const { createApiToken } = await import("../lib/auth/api-tokens");
const { replayWorkerJob } = await import("../server/replay/replay-job");
const { lookupMessages, lookupOriginals, messageKey } = await import("../lib/replay/message-lookup");
const { parseStoredOrigin } = await import("../lib/events/kafka-origin");
const replaysRoute = await import("../app/api/v1/replays/route");
const targetsRoute = await import("../app/api/v1/replay-targets/route");

const kafka = new Kafka({ clientId: "lotline-replay-kafka-test", brokers: broker.brokers, logLevel: logLevel.NOTHING });
let admin: Admin;
const tokens = { admin: "", support: "" };
let messages: FailedRelease[] = [];
const originals = new Map<string, LotlineEvent>();
const job = replayWorkerJob({ intervalMs: 100 });
const jobLog: string[] = [];

const TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const BINARY_HEADER = Buffer.from([0xde, 0xad, 0xbe, 0xef]);
const keyOf = (i: number) => `erp-outbound-${i}`;

function request(pathname: string, token: string, body?: unknown) {
  return new Request(`http://lotline.test${pathname}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const noParams = { params: Promise.resolve({}) as Promise<Record<string, never>> };

/** The SDK leaves unset attributes as undefined headers; a transport would not send them. */
function definedHeaders(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
}

/** The business event as ERP's outbound adapter would publish it: binary mode, its own key, tenant, tracing and routing headers. */
function binaryOriginal(event: LotlineEvent, i: number): Message {
  const encoded = CeKafka.binary(new CloudEvent({ ...event, subject: `order/${event.orderid}` }));
  const value = typeof encoded.value === "string" || Buffer.isBuffer(encoded.value) ? encoded.value : JSON.stringify(encoded.value);
  return {
    key: keyOf(i),
    value,
    headers: { ...definedHeaders(encoded.headers), "x-tenant": "acme-pumps", traceparent: TRACEPARENT, "x-route": ["plant-a", "plant-b"], "x-signature": BINARY_HEADER },
  };
}

interface KcatRecord {
  partition: number;
  offset: number;
  key: Buffer | null;
  headers: [string, Buffer][];
  payload: Buffer | null;
}

/**
 * The topic as an outside client reads it. kcat -J writes header values, key and payload bytes
 * as they are into its JSON strings, so the output is read as latin1 (one char per byte) and
 * each string turned back into its bytes.
 */
async function readTopic(): Promise<KcatRecord[]> {
  const { stdout } = await run("kcat", ["-C", "-b", broker.brokers[0]!, "-t", topic, "-o", "beginning", "-e", "-J", "-q"], { encoding: "latin1", maxBuffer: 64 * 1024 * 1024 });
  const bytes = (s: string | null) => (s === null ? null : Buffer.from(s, "latin1"));
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const r = JSON.parse(line) as { partition: number; offset: number; key: string | null; headers?: string[]; payload: string | null };
      const headers: [string, Buffer][] = [];
      for (let i = 0; i < (r.headers ?? []).length; i += 2) headers.push([r.headers![i]!, bytes(r.headers![i + 1]!)!]);
      return { partition: r.partition, offset: r.offset, key: bytes(r.key), headers, payload: bytes(r.payload) };
    });
}

const text = (r: KcatRecord, name: string) => r.headers.filter(([n]) => n === name).map(([, v]) => v.toString("utf8"));
const republishedOf = async (originalId: string) => (await readTopic()).filter((r) => text(r, "ce_replayof")[0] === originalId);

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return (await (await getRuntime()).clickhouse.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}

/** Runs the replay job (with its own Kafka producer) until the task leaves `running`. */
async function drive(taskId: string, timeoutMs: number) {
  const runtime = await getRuntime();
  const db = await getDb();
  const ctx = { config: runtime.config, clickhouse: runtime.clickhouse, db, log: (m: string) => jobLog.push(m) };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await job.run(ctx, new AbortController().signal);
    const t = await db.replayTask.findUniqueOrThrow({ where: { id: taskId } });
    if (t.status !== "running") return t;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`task ${taskId} did not finish in ${timeoutMs} ms: ${jobLog.slice(-3).join(" | ")}`);
}

async function replay(m: FailedRelease, reason: string): Promise<string> {
  const res = await replaysRoute.POST(request("/api/v1/replays", tokens.support, { selection: { kind: "messages", messages: [{ correlationId: m.correlationId, messageId: m.messageId }] }, reason }), noParams);
  expect(res.status).toBe(202);
  const { task } = (await res.json()) as { task: { id: string; status: string } };
  expect(task.status).toBe("running");
  return task.id;
}

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  const runtime = await getRuntime();
  const db = await getDb();
  const user = await db.user.findFirstOrThrow({ where: { role: "admin" } });
  const actor: Actor = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
  tokens.admin = (await createApiToken({ name: "kafka-replay-admin", role: "admin", createdBy: actor }, { db })).token;
  tokens.support = (await createApiToken({ name: "kafka-replay-support", role: "support_engineer", createdBy: actor }, { db })).token;

  const seeded = deadLetteredReleases(2, "P100", Date.now() - 3_600_000, 41);
  messages = seeded.messages;
  const records: Message[] = [];
  for (const event of seeded.events) {
    const i = messages.findIndex((m) => m.originalId === event.id);
    if (i >= 0) {
      originals.set(event.id, event);
      records.push(binaryOriginal(event, i));
    } else {
      // The middleware's telemetry, in structured mode.
      records.push({ key: event.correlationid ?? null, value: JSON.stringify(event), headers: { "content-type": "application/cloudevents+json" } });
    }
  }
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: records });
  await producer.disconnect();
  const ids = seeded.events.map((e) => e.id);
  const stored = async () => Number((await rows<{ n: string }>("SELECT count(DISTINCT event_id) AS n FROM events WHERE event_id IN {ids:Array(String)}", { ids }))[0]!.n);
  const deadline = Date.now() + 120_000;
  while ((await stored()) < ids.length) {
    if (Date.now() > deadline) throw new Error(`the Kafka source stored ${await stored()} of ${ids.length} events: ${JSON.stringify(runtime.kafka?.stats())}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 300_000);

afterAll(async () => {
  await job.close();
  await (await getRuntime()).stop();
  await admin?.disconnect();
  await broker.stop();
  await database.drop();
  dir.remove();
}, 120_000);

describe(`Kafka replay target (real broker, chDB, ${DATABASE_ENGINE})`, () => {
  it("stores each Kafka event's topic, partition, offset, key and non-ce headers with it", async () => {
    const m = messages[0]!;
    const [row] = await rows<{ origin: string; subject: string }>("SELECT origin, subject FROM events WHERE event_id = {id:String} LIMIT 1", { id: m.originalId });
    expect(row!.subject).toBe(`order/${m.orderId}`);
    const origin = parseStoredOrigin(row!.origin).kafka!;
    expect(origin).toMatchObject({ topic, key: keyOf(0), contentType: "application/json" });
    expect(origin.offset).toBeGreaterThanOrEqual(0);
    expect(origin.headers).toEqual([
      { name: "x-tenant", value: "acme-pumps" },
      { name: "traceparent", value: TRACEPARENT },
      { name: "x-route", value: "plant-a" },
      { name: "x-route", value: "plant-b" },
      { name: "x-signature", base64: BINARY_HEADER.toString("base64") },
    ]);
    // Telemetry came in structured mode: its envelope's content-type is not the data's.
    const telemetry = await rows<{ origin: string }>("SELECT origin FROM events WHERE correlation_id = {c:String} AND type = 'integration.message.deadlettered' LIMIT 1", { c: m.correlationId });
    expect(parseStoredOrigin(telemetry[0]!.origin).kafka).toMatchObject({ topic, key: m.correlationId, headers: [] });
  });

  let republishedId = "";
  it("re-publishes the original to its topic with its key, headers and body, the attributes as ce_ headers and ce_replayof", async () => {
    const created = await targetsRoute.POST(request("/api/v1/replay-targets", tokens.admin, { interface: "erp-mes-order", kind: "kafka", headers: { "X-Replayed-By": "{{replayedBy}}" }, ratePerSecond: 50 }), noParams);
    expect(created.status).toBe(201);
    expect(((await created.json()) as { target: { topic: string | null } }).target.topic).toBeNull();

    const m = messages[0]!;
    const original = originals.get(m.originalId)!;
    const taskId = await replay(m, "MES is back: re-publish the release");
    const task = await drive(taskId, 60_000);
    expect(task).toMatchObject({ status: "completed", sent: 1, succeeded: 1, failed: 0 });
    const item = await (await getDb()).replayItem.findFirstOrThrow({ where: { taskId } });

    const [record, ...more] = await republishedOf(m.originalId);
    expect(more).toHaveLength(0);
    expect(record!.key!.toString("utf8")).toBe(keyOf(0));
    expect(JSON.parse(record!.payload!.toString("utf8"))).toEqual(original.data);
    expect(text(record!, "x-tenant")).toEqual(["acme-pumps"]);
    expect(text(record!, "traceparent")).toEqual([TRACEPARENT]);
    expect(text(record!, "x-route")).toEqual(["plant-a", "plant-b"]);
    expect(record!.headers.filter(([n]) => n === "x-signature").map(([, v]) => v)).toEqual([BINARY_HEADER]);
    expect(text(record!, "X-Replayed-By")).toEqual([task.createdBy]);
    expect(text(record!, "Idempotency-Key")).toEqual([item.idempotencyKey]);
    expect(text(record!, "content-type")).toEqual(["application/json"]);
    const ce = Object.fromEntries(record!.headers.filter(([n]) => n.startsWith("ce_")).map(([n, v]) => [n, v.toString("utf8")]));
    expect(record!.headers.filter(([n]) => n.startsWith("ce_"))).toHaveLength(Object.keys(ce).length);
    expect(ce).toEqual({
      ce_specversion: "1.0",
      ce_id: expect.stringMatching(new RegExp(`^${m.originalId}-replay-[0-9a-f]{12}$`)),
      ce_type: original.type,
      ce_source: original.source,
      ce_time: original.time,
      ce_subject: `order/${m.orderId}`,
      ce_sourcesystem: "ERP",
      ce_plant: "P100",
      ce_correlationid: m.correlationId,
      ce_orderid: m.orderId,
      ce_traceparent: original.traceparent,
      ce_replayof: m.originalId,
    });
    expect(ce.ce_id).not.toBe(m.originalId);
    republishedId = ce.ce_id!;
  }, 120_000);

  it("ingests the re-published message back as a new event naming the original, which stays the replay's original", async () => {
    const m = messages[0]!;
    await expect.poll(async () => (await rows("SELECT 1 FROM events WHERE event_id = {id:String}", { id: republishedId })).length, { timeout: 60_000, interval: 250 }).toBe(1);
    const business = await rows<{ id: string; replayOf: string; type: string; origin: string; orderId: string }>(
      `SELECT event_id AS id, replay_of AS replayOf, type, origin, order_id AS orderId FROM events
       WHERE correlation_id = {c:String} AND NOT startsWith(type, 'integration.') ORDER BY event_id LIMIT 1 BY event_id`,
      { c: m.correlationId },
    );
    expect(business.map((b) => [b.id, b.replayOf])).toEqual([
      [m.originalId, ""],
      [republishedId, m.originalId],
    ]);
    const [first, copy] = business.map((b) => parseStoredOrigin(b.origin).kafka!);
    expect(copy).toMatchObject({ topic, key: keyOf(0), contentType: "application/json" });
    expect(copy!.partition).toBe(first!.partition);
    expect(copy!.offset).toBeGreaterThan(first!.offset);
    expect(copy!.headers.map((h) => h.name)).toEqual(["x-tenant", "traceparent", "x-route", "x-route", "x-signature", "X-Replayed-By", "Idempotency-Key"]);
    // A later replay of the same message re-sends the original, not the earlier re-publication.
    const { clickhouse } = await getRuntime();
    const found = await lookupMessages(clickhouse, [m]);
    const again = await lookupOriginals(clickhouse, [...found.values()]);
    expect(again.get(messageKey(m.correlationId, m.messageId))?.id).toBe(m.originalId);
  }, 90_000);

  it("broker down during a replay: the task pauses (retryable), loses nothing, and completes once when the broker returns", async () => {
    const db = await getDb();
    const m = messages[1]!;
    await run("bash", [KAFKA_SCRIPT, "stop"], { timeout: 60_000 });
    try {
      const taskId = await replay(m, "re-publish while the broker is down");
      const { clickhouse, config } = await getRuntime();
      await job.run({ config, clickhouse, db, log: (msg) => jobLog.push(msg) }, new AbortController().signal);
      const paused = await db.replayTask.findUniqueOrThrow({ where: { id: taskId } });
      expect(paused).toMatchObject({ status: "running", sent: 0, succeeded: 0, failed: 0 });
      expect(paused.pausedUntil).not.toBeNull();
      expect(paused.lastError).toMatch(/^erp-mes-order: kafka: /);
      expect(await db.replayItem.findFirstOrThrow({ where: { taskId } })).toMatchObject({ status: "sending", attempts: 1 });
    } finally {
      await run("bash", [KAFKA_SCRIPT, "start"], { timeout: 120_000 });
    }
    const task = await db.replayTask.findFirstOrThrow({ where: { reason: "re-publish while the broker is down" } });
    const done = await drive(task.id, 120_000);
    expect(done).toMatchObject({ status: "completed", sent: 1, succeeded: 1, failed: 0, lastError: null });
    const republished = await republishedOf(m.originalId);
    expect(republished).toHaveLength(1);
    expect(republished[0]!.key!.toString("utf8")).toBe(keyOf(1));
    const id = text(republished[0]!, "ce_id")[0]!;
    await expect.poll(async () => (await rows("SELECT 1 FROM events WHERE event_id = {id:String}", { id })).length, { timeout: 90_000, interval: 500 }).toBe(1);
  }, 300_000);
});
