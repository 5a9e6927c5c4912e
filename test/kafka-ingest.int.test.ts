import { randomUUID } from "node:crypto";
import path from "node:path";
import { Kafka, logLevel, Partitioners, type Admin, type Message } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateRange } from "../ingest/simulator/estate";
import { createClickHouse } from "../lib/clickhouse/client";
import type { CloudEvent } from "../lib/events/contract";
import { committedLag } from "../ingest/sources/kafka-lag";
import { startKafka, type KafkaBroker } from "./kafka-harness";
import { makeTempDir } from "./temp-dir";
import { startWorker } from "./worker-process";

const dir = makeTempDir("kafka-ingest");
let broker: KafkaBroker;
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  broker = await startKafka();
  kafka = new Kafka({ clientId: "lotline-kafka-ingest-test", brokers: broker.brokers, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
}, 300_000);

afterAll(async () => {
  await admin?.disconnect();
  await broker?.stop();
  dir.remove();
}, 60_000);

/** Structured mode: the whole event as JSON in the value. */
function structured(ev: CloudEvent): Message {
  return { key: ev.correlationid ?? null, value: JSON.stringify(ev), headers: { "content-type": "application/cloudevents+json" } };
}

/** Binary mode: attributes as ce_* headers, data alone in the value. */
function binary(ev: CloudEvent): Message {
  const { data, ...attributes } = ev;
  const headers: Record<string, string> = { "content-type": "application/json" };
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) headers[`ce_${name}`] = String(value);
  return { key: ev.correlationid ?? null, value: data === undefined ? null : JSON.stringify(data), headers };
}

const POISON: { message: Message; reason: RegExp }[] = [
  { message: { value: "this is not json" }, reason: /not valid JSON/ },
  { message: { value: JSON.stringify({ specversion: "0.3", id: "p-1", source: "/x", type: "t" }) }, reason: /specversion/ },
  { message: { value: JSON.stringify({ specversion: "1.0", source: "/x" }) }, reason: /id|type/ },
  { message: { value: "x".repeat(300_000) }, reason: /limit is/ },
  { message: { value: "a,b,c", headers: { "content-type": "text/csv" } }, reason: /unsupported content-type/ },
];


describe("Kafka → ClickHouse, effectively once (real broker, real chDB, worker killed with SIGKILL)", () => {
  it("survives 10 kills mid-stream, including between insert and commit, with every event exactly once", async () => {
    const topic = `ingest-${randomUUID()}`;
    const groupId = `lotline-${randomUUID()}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });

    const to = new Date(Math.floor(Date.now() / 1000) * 1000);
    const events = simulateRange({ seed: 2026, workflowsPerMinute: 120 }, new Date(to.getTime() - 40 * 60_000), to);
    // A producer retry delivers some events twice, at other offsets: one row each as users see it.
    const redelivered = events.filter((_, i) => i % 97 === 0);
    const valid = [...events, ...redelivered];
    const messages = valid.map((ev, i) => (i % 2 === 0 ? structured(ev) : binary(ev)));
    const poisonAt = new Set(POISON.map((_, i) => Math.floor(((i + 1) * messages.length) / (POISON.length + 1))));
    const all: Message[] = [];
    let p = 0;
    messages.forEach((m, i) => {
      if (poisonAt.has(i)) all.push(POISON[p++]!.message);
      all.push(m);
    });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    // Small sends make small record batches, so fetches (and inserts) stay small too.
    for (let i = 0; i < all.length; i += 150) await producer.send({ topic, acks: -1, messages: all.slice(i, i + 150) });
    await producer.disconnect();

    const env = {
      LOTLINE_DATA_DIR: dir.path,
      KAFKA_BROKERS: broker.brokers.join(","),
      KAFKA_TOPICS: topic,
      KAFKA_GROUP_ID: groupId,
      // Small fetches make many inserts, so the kills land between them.
      KAFKA_MAX_BYTES_PER_PARTITION: String(48 * 1024),
      // The group hands a killed member's partitions on after this.
      KAFKA_SESSION_TIMEOUT_MS: "6000",
    };
    let output = "";
    for (let kill = 0; kill < 10; kill++) {
      const faulty = kill % 2 === 0;
      const worker = startWorker(faulty ? { ...env, LOTLINE_FAULT_KILL_AFTER_INSERTS: String(1 + (kill % 3)) } : env);
      await worker.waitFor("kafka: consuming");
      if (!faulty) {
        await new Promise((r) => setTimeout(r, 200 + ((kill * 337) % 900)));
        worker.child.kill("SIGKILL");
      }
      expect(await worker.exited).toBe("SIGKILL");
      output += worker.output();
    }
    expect(await committedLag(admin, groupId, topic)).toBeGreaterThan(0);

    // The kills are over: the last worker drains with the default fetch size, so a loaded CI
    // machine is not left inserting the rest 48 KiB at a time.
    const { KAFKA_MAX_BYTES_PER_PARTITION: _small, ...drainEnv } = env;
    const last = startWorker(drainEnv);
    await last.waitFor("kafka: consuming");
    await expect.poll(() => committedLag(admin, groupId, topic), { timeout: 240_000, interval: 500 }).toBe(0);
    last.child.kill("SIGTERM");
    expect(await last.exited).toBe(0);
    output += last.output();
    expect(output).toContain("kafka: re-sent announced range");

    const client = await createClickHouse({ mode: "embedded", path: path.join(dir.path, "clickhouse"), database: "default", cluster: undefined });
    const one = async (query: string) => Number((await (await client.query({ query, format: "JSONEachRow" })).json<{ v: string }>())[0]!.v);
    try {
      const distinctIds = new Set(events.map((e) => e.id));
      const distinct = events;
      expect(await one("SELECT count() AS v FROM events FINAL")).toBe(distinctIds.size);
      const ids = (await (await client.query({ query: "SELECT DISTINCT event_id AS id FROM events", format: "JSONEachRow" })).json<{ id: string }>()).map((r) => r.id);
      expect(new Set(ids)).toEqual(distinctIds);
      // The per-minute rollup sums every inserted row and merges never shrink a sum: a range
      // written twice (a re-send ClickHouse failed to drop) would show here. Redelivered
      // events sit at other offsets, so they count once each, as delivered.
      expect(await one("SELECT sum(events) AS v FROM events_per_minute")).toBe(valid.length);
      expect(await one("SELECT count() AS v FROM events_by_lot FINAL")).toBe(distinct.filter((e) => e.lotid).length);
      expect(await one("SELECT count() AS v FROM events_by_order FINAL")).toBe(distinct.filter((e) => e.orderid).length);
      const failed = distinct.filter((e) => e.type === "integration.message.failed" || e.type === "integration.message.deadlettered").length;
      expect(await one("SELECT count() AS v FROM events_failed FINAL")).toBe(failed);

      const dead = await (await client.query({ query: "SELECT topic, partition, offset, reason FROM dead_letters ORDER BY offset", format: "JSONEachRow" })).json<{ topic: string; partition: number; offset: string; reason: string }>();
      expect(dead).toHaveLength(POISON.length);
      for (const d of dead) expect(d.topic).toBe(topic);
      for (const { reason } of POISON) expect(dead.some((d) => reason.test(d.reason))).toBe(true);

      // Order within a correlation id is the order it was produced in.
      const sample = [...new Set(events.map((e) => e.correlationid!))].slice(0, 50);
      const stored = await (
        await client.query({
          query: "SELECT correlation_id AS c, groupArray(event_id) AS ids FROM (SELECT correlation_id, event_id, time FROM events FINAL WHERE correlation_id IN {ids:Array(String)} ORDER BY time, event_id) GROUP BY c",
          query_params: { ids: sample },
          format: "JSONEachRow",
        })
      ).json<{ c: string; ids: string[] }>();
      expect(stored).toHaveLength(sample.length);
      for (const { c, ids: got } of stored) expect(got).toEqual(events.filter((e) => e.correlationid === c).map((e) => e.id));
    } finally {
      await client.close();
    }
  }, 600_000);
});
