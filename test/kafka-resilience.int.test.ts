import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import type { ClickHouseClient } from "@clickhouse/client";
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateRange } from "../ingest/simulator/estate";
import { createEventSink } from "../ingest/sinks/clickhouse";
import { createKafkaSource, type KafkaSource } from "../ingest/sources/kafka";
import { createOffsetStore } from "../ingest/sources/kafka-offsets";
import { createClickHouse } from "../lib/clickhouse/client";
import { migrateClickHouse } from "../lib/clickhouse/migrate";
import type { CloudEvent } from "../lib/events/contract";
import { committedLag } from "../ingest/sources/kafka-lag";
import { startKafka, type KafkaBroker } from "./kafka-harness";
import { makeTempDir } from "./temp-dir";

const run = promisify(execFile);
const KAFKA_SCRIPT = path.join(import.meta.dirname, "..", "scripts", "kafka.sh");
const dir = makeTempDir("kafka-resilience");
let broker: KafkaBroker;
let kafka: Kafka;
let admin: Admin;
let clickhouse: ClickHouseClient;
const sources: KafkaSource[] = [];

beforeAll(async () => {
  broker = await startKafka();
  kafka = new Kafka({ clientId: "lotline-resilience-test", brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 30, maxRetryTime: 2_000 } });
  admin = kafka.admin();
  await admin.connect();
  clickhouse = await createClickHouse({ mode: "embedded", path: path.join(dir.path, "clickhouse"), database: "default", cluster: undefined });
  await migrateClickHouse(clickhouse, {});
}, 300_000);

afterAll(async () => {
  for (const s of sources) await s.stop().catch(() => {});
  await admin?.disconnect().catch(() => {});
  await clickhouse?.close();
  await broker?.stop();
  dir.remove();
}, 120_000);

function source(topic: string, groupId: string, log: string[] = []): KafkaSource {
  const s = createKafkaSource({
    config: { brokers: broker.brokers, topics: [topic], groupId, clientId: `test-${groupId}`, ssl: false, sasl: undefined, maxBytesPerPartition: 32 * 1024, sessionTimeoutMs: 6_000 },
    sink: createEventSink(clickhouse),
    offsets: createOffsetStore(clickhouse),
    log: (m) => log.push(m),
  });
  sources.push(s);
  return s;
}

async function newTopic(): Promise<{ topic: string; groupId: string }> {
  const topic = `resilience-${randomUUID()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  return { topic, groupId: `lotline-${randomUUID()}` };
}

let seed = 500;
function someEvents(minutes: number): CloudEvent[] {
  const to = new Date(Math.floor(Date.now() / 1000) * 1000);
  return simulateRange({ seed: seed++, workflowsPerMinute: 60 }, new Date(to.getTime() - minutes * 60_000), to);
}

async function produce(producer: Producer, topic: string, events: CloudEvent[]) {
  for (let i = 0; i < events.length; i += 100) {
    await producer.send({ topic, acks: -1, messages: events.slice(i, i + 100).map((e) => ({ key: e.correlationid ?? null, value: JSON.stringify(e) })) });
  }
}


async function committedOffsets(groupId: string, topic: string): Promise<string> {
  const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
  return JSON.stringify(committed[0]!.partitions.map((p) => [p.partition, p.offset]).sort());
}

async function scalar(query: string, params: Record<string, unknown> = {}): Promise<number> {
  return Number((await (await clickhouse.query({ query, query_params: params, format: "JSONEachRow" })).json<{ v: string }>())[0]!.v);
}

/** Every row the rollup counted: a range written twice would raise it. */
const rollupTotal = () => scalar("SELECT sum(events) AS v FROM events_per_minute");

/** The events of a set as users see them: one row per event id. */
const visible = (events: CloudEvent[]) => scalar("SELECT count() AS v FROM events FINAL WHERE event_id IN {ids:Array(String)}", { ids: events.map((e) => e.id) });

describe("Kafka source under failure (real broker, real chDB)", () => {
  it("stops consuming while ClickHouse fails, commits nothing, and resumes without loss or doubles", async () => {
    const { topic, groupId } = await newTopic();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const log: string[] = [];
    const rollupBefore = await rollupTotal();
    expect(rollupBefore).toBe(0);
    const s = source(topic, groupId, log);
    await s.start();
    const before = someEvents(3);
    await produce(producer, topic, before);
    await expect.poll(() => committedLag(admin, groupId, topic), { timeout: 60_000, interval: 250 }).toBe(0);

    // ClickHouse fails: the write-ahead table is gone, so no batch can be announced.
    await clickhouse.command({ query: "DETACH TABLE kafka_offsets" });
    const during = someEvents(3);
    await produce(producer, topic, during);
    await expect.poll(() => s.stats().state, { timeout: 20_000, interval: 100 }).toBe("backing-off");
    const frozen = await committedOffsets(groupId, topic);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await committedOffsets(groupId, topic)).toBe(frozen);
    expect(await committedLag(admin, groupId, topic)).toBeGreaterThan(0);
    expect(s.stats().lastError).toMatch(/announcing the offset range/);

    await clickhouse.command({ query: "ATTACH TABLE kafka_offsets" });
    await expect.poll(() => committedLag(admin, groupId, topic), { timeout: 60_000, interval: 250 }).toBe(0);
    expect(s.stats().state).toBe("running");
    expect(log.some((l) => l.includes("succeeded again, resuming"))).toBe(true);

    // A failure in the middle of an insert: the rollup's target table is gone, so the events
    // insert fails after writing the events table; the retry must complete the rollup exactly.
    await clickhouse.command({ query: "DETACH TABLE events_per_minute" });
    const partial = someEvents(3);
    await produce(producer, topic, partial);
    await expect.poll(() => s.stats().state, { timeout: 20_000, interval: 100 }).toBe("backing-off");
    await new Promise((r) => setTimeout(r, 1_500));
    await clickhouse.command({ query: "ATTACH TABLE events_per_minute" });
    await expect.poll(() => committedLag(admin, groupId, topic), { timeout: 60_000, interval: 250 }).toBe(0);
    await producer.disconnect();

    const all = [...before, ...during, ...partial];
    expect(await visible(all)).toBe(new Set(all.map((e) => e.id)).size);
    expect(await rollupTotal()).toBe(all.length);
  }, 240_000);

  it("reconnects after the broker stops cleanly and after it is killed -9, and continues within 30 s", async () => {
    const { topic, groupId } = await newTopic();
    const s = source(topic, groupId);
    await s.start();
    const rollupBefore = await rollupTotal();
    const produced: CloudEvent[] = [];
    for (const how of ["stop", "kill"] as const) {
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const batch = someEvents(2);
      await produce(producer, topic, batch);
      produced.push(...batch);
      await producer.disconnect();
      await expect.poll(() => committedLag(admin, groupId, topic), { timeout: 60_000, interval: 250 }).toBe(0);

      await run("bash", [KAFKA_SCRIPT, how], { timeout: 60_000 });
      await new Promise((r) => setTimeout(r, 2_000));
      await run("bash", [KAFKA_SCRIPT, "start"], { timeout: 120_000 });
      const back = Date.now();
      const after = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await after.connect();
      const more = someEvents(1);
      await produce(after, topic, more);
      produced.push(...more);
      await after.disconnect();
      await expect.poll(() => visible(more), { timeout: 30_000, interval: 250 }).toBe(new Set(more.map((e) => e.id)).size);
      expect(Date.now() - back).toBeLessThan(30_000);
    }
    await expect.poll(() => committedLag(admin, groupId, topic), { timeout: 30_000, interval: 250 }).toBe(0);
    expect(await rollupTotal()).toBe(rollupBefore + produced.length);
  }, 300_000);

  it("doubles nothing when a second worker joins and leaves the group mid-stream", async () => {
    const { topic, groupId } = await newTopic();
    const rollupBefore = await rollupTotal();
    const first = source(topic, groupId);
    await first.start();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const produced: CloudEvent[] = [];
    const stream = async (rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        const batch = someEvents(0.5);
        await produce(producer, topic, batch);
        produced.push(...batch);
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    await stream(5);
    const second = source(topic, groupId);
    await second.start();
    await stream(8);
    await expect.poll(() => second.stats().written, { timeout: 30_000, interval: 250 }).toBeGreaterThan(0);
    await second.stop();
    await stream(5);
    await producer.disconnect();
    await expect.poll(() => committedLag(admin, groupId, topic), { timeout: 60_000, interval: 250 }).toBe(0);

    expect(await visible(produced)).toBe(new Set(produced.map((e) => e.id)).size);
    expect(await rollupTotal()).toBe(rollupBefore + produced.length);
  }, 240_000);

  it("dead-letters a message ClickHouse refuses on its own, with its offset and reason, and stores its neighbours", async () => {
    const topic = `resilience-${randomUUID()}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const groupId = `lotline-${randomUUID()}`;
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const good = (i: number) => JSON.stringify({ specversion: "1.0", id: `refused-nb-${i}`, source: "/k", type: "mfg.lot.produced", lotid: `L-REF-${i}` });
    // JSON.parse keeps the last of two equal keys, so the worker takes it; ClickHouse refuses the object.
    const twice = `{"specversion":"1.0","id":"refused-1","id":"refused-1b","source":"/k","type":"mfg.lot.produced"}`;
    await producer.send({ topic, acks: -1, messages: [good(0), good(1), twice, good(2), good(3)].map((value) => ({ value })) });
    await producer.disconnect();
    const s = source(topic, groupId);
    await s.start();
    await expect.poll(() => committedLag(admin, groupId, topic), { timeout: 60_000, interval: 250 }).toBe(0);
    expect(await scalar("SELECT count() AS v FROM events WHERE event_id LIKE 'refused-nb-%'")).toBe(4);
    expect(await scalar("SELECT count() AS v FROM events WHERE event_id IN ('refused-1', 'refused-1b')")).toBe(0);
    const dead = await (
      await clickhouse.query({ query: "SELECT topic, offset, event_id, reason, raw FROM dead_letters WHERE topic = {topic:String}", query_params: { topic }, format: "JSONEachRow" })
    ).json<{ topic: string; offset: number; event_id: string; reason: string; raw: string }>();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ offset: 2, event_id: "refused-1b", raw: twice });
    expect(dead[0]!.reason).toMatch(/^ClickHouse could not read the event: .*Duplicate field/);
    expect(s.stats()).toMatchObject({ written: 4, deadLettered: 1 });
  }, 120_000);
});
