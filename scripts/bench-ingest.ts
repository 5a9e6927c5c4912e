// `npm run bench:ingest`: ingest throughput and freshness on this machine, end to end with
// durable offsets, against a real Kafka broker (scripts/kafka.sh) and embedded chDB.
// Prints a table, then one line of JSON with the same figures.
//   --events N       events for the throughput runs (default 2,000,000)
//   --fresh-rate R   events/s for the freshness run (default 10,000), --fresh-seconds S (default 30)
import { setTimeout as sleep } from "node:timers/promises";
import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import type { ClickHouseClient } from "@clickhouse/client";
import { Kafka, logLevel, Partitioners, CompressionTypes } from "kafkajs";
import { z } from "zod";
import { simulateRange } from "../ingest/simulator/estate";
import { createEventSink } from "../ingest/sinks/clickhouse";
import { createKafkaSource } from "../ingest/sources/kafka";
import { createOffsetStore } from "../ingest/sources/kafka-offsets";
import { committedLag } from "../ingest/sources/kafka-lag";
import { createIngestService } from "../ingest/service";
import { createClickHouse } from "../lib/clickhouse/client";
import { migrateClickHouse } from "../lib/clickhouse/migrate";
import { metrics } from "../lib/metrics";
import type { CloudEvent } from "../lib/events/contract";

const args = z
  .object({
    events: z.coerce.number().int().min(10_000).default(2_000_000),
    freshRate: z.coerce.number().int().min(100).default(10_000),
    freshSeconds: z.coerce.number().int().min(5).default(30),
  })
  .parse(
    Object.fromEntries(
      process.argv
        .slice(2)
        .join(" ")
        .split("--")
        .filter(Boolean)
        .map((a) => a.trim().split(/\s+/))
        .map(([k, v]) => [k!.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), v]),
    ),
  );

const BROKER = "127.0.0.1:19092";
/** Realistic CloudEvents from the simulator, re-identified to reach any count. */
function makeEvents(count: number): Buffer[] {
  const now = Date.now();
  const pool = simulateRange({ seed: 7, workflowsPerMinute: 600 }, new Date(now - 60 * 60_000), new Date(now));
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const base = pool[i % pool.length]!;
    out.push(Buffer.from(JSON.stringify({ ...base, id: `${base.id}-${i}` })));
  }
  return out;
}

async function withBroker<T>(fn: () => Promise<T>): Promise<T> {
  let started = false;
  try {
    execFileSync("bash", ["scripts/kafka.sh", "status"], { stdio: "ignore" });
  } catch {
    execFileSync("bash", ["scripts/kafka.sh", "start"], { stdio: "inherit" });
    started = true;
  }
  try {
    return await fn();
  } finally {
    if (started) execFileSync("bash", ["scripts/kafka.sh", "stop"], { stdio: "inherit" });
  }
}

async function freshClickHouse() {
  const dir = mkdtempSync(path.join(tmpdir(), "lotline-bench-"));
  const clickhouse = await createClickHouse({ mode: "embedded", path: dir, database: "default", cluster: undefined });
  await migrateClickHouse(clickhouse, {});
  return { clickhouse, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The production Kafka source with large fetches: one fetch of a partition is one insert. */
function benchSource(clickhouse: ClickHouseClient, topic: string, groupId: string) {
  return createKafkaSource({
    config: { brokers: [BROKER], topics: [topic], groupId, clientId: "bench", ssl: false, sasl: undefined, maxBytesPerPartition: 16 * 1024 * 1024, sessionTimeoutMs: 30_000 },
    sink: createEventSink(clickhouse),
    offsets: createOffsetStore(clickhouse),
    log: () => {},
  });
}

async function benchKafka(values: Buffer[]) {
  const kafka = new Kafka({ clientId: "bench", brokers: [BROKER], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench-${randomUUID()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const headers = { "content-type": "application/cloudevents+json" };
  for (let i = 0; i < values.length; i += 5_000) {
    await producer.send({ topic, compression: CompressionTypes.None, messages: values.slice(i, i + 5_000).map((value, j) => ({ key: String((i + j) % 1024), value, headers })) });
  }
  await producer.disconnect();

  const { clickhouse, remove } = await freshClickHouse();
  const groupId = `bench-${randomUUID()}`;
  const source = benchSource(clickhouse, topic, groupId);
  const started = performance.now();
  await source.start();
  while ((await committedLag(admin, groupId, topic)) > 0) await sleep(200);
  const seconds = (performance.now() - started) / 1000;
  await source.stop();
  const rows = await (await clickhouse.query({ query: "SELECT count() AS n FROM events", format: "JSONEachRow" })).json<{ n: string }>();
  await clickhouse.close();
  remove();
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.disconnect();
  if (Number(rows[0]!.n) !== values.length) throw new Error(`kafka run wrote ${rows[0]!.n} rows, expected ${values.length}`);
  return seconds;
}

async function benchHttp(values: Buffer[]) {
  const { clickhouse, remove } = await freshClickHouse();
  const ingest = createIngestService({ sink: createEventSink(clickhouse), batchRows: 50_000, flushMs: 200 });
  // The ingest path of the API route (decode, validate, batch, insert) behind a plain HTTP server.
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const events = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown[];
      ingest
        .ingest(events, { channel: "http", requestId: randomUUID() })
        .then((r) => res.writeHead(r.rejected.length ? 400 : 202).end())
        .catch(() => res.writeHead(503).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  const BATCH = 5_000;
  const bodies: Buffer[] = [];
  for (let i = 0; i < values.length; i += BATCH) bodies.push(Buffer.concat([Buffer.from("["), ...values.slice(i, i + BATCH).flatMap((v, j) => (j ? [Buffer.from(","), v] : [v])), Buffer.from("]")]));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", headers: { "content-type": "application/cloudevents-batch+json" }, body: new Uint8Array(body) });
        if (res.status !== 202) throw new Error(`HTTP ingest answered ${res.status}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  server.close();
  await ingest.close();
  const rows = await (await clickhouse.query({ query: "SELECT count() AS n FROM events", format: "JSONEachRow" })).json<{ n: string }>();
  await clickhouse.close();
  remove();
  if (Number(rows[0]!.n) !== values.length) throw new Error(`http run wrote ${rows[0]!.n} rows, expected ${values.length}`);
  return seconds;
}

async function benchFreshness(rate: number, seconds: number) {
  const kafka = new Kafka({ clientId: "bench-fresh", brokers: [BROKER], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench-fresh-${randomUUID()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
  const { clickhouse, remove } = await freshClickHouse();
  const groupId = `bench-${randomUUID()}`;
  const source = benchSource(clickhouse, topic, groupId);
  await source.start();
  await sleep(3_000);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const template = simulateRange({ seed: 11, workflowsPerMinute: 600 }, new Date(Date.now() - 10 * 60_000), new Date()).slice(0, 1_000);
  const samples: number[] = [];
  const freshness = metrics().freshnessSeconds;
  const before = (await freshness.get()).values.filter((v) => v.metricName?.endsWith("_count")).reduce((n, v) => n + v.value, 0);
  const tickMs = 100;
  let sent = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const tickStart = Date.now();
    const n = Math.round((rate * tickMs) / 1000);
    const time = new Date().toISOString();
    await producer.send({
      topic,
      messages: Array.from({ length: n }, (_, i) => {
        const base = template[(sent + i) % template.length] as CloudEvent;
        return { key: String((sent + i) % 1024), value: JSON.stringify({ ...base, id: `${base.id}-f${sent + i}`, time }) };
      }),
    });
    sent += n;
    await sleep(Math.max(0, tickMs - (Date.now() - tickStart)));
  }
  await producer.disconnect();
  while ((await committedLag(admin, groupId, topic)) > 0) await sleep(100);
  await source.stop();
  const window = metrics().recentFreshnessMs;
  for (const p of [50, 95, 99]) samples.push(window.percentile(p) ?? Number.NaN);
  const after = (await freshness.get()).values.filter((v) => v.metricName?.endsWith("_count")).reduce((n, v) => n + v.value, 0);
  await clickhouse.close();
  remove();
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.disconnect();
  return { sent, observed: after - before, p50: samples[0]!, p95: samples[1]!, p99: samples[2]! };
}

async function main() {
  const values = makeEvents(args.events);
  const bytes = values.reduce((n, v) => n + v.length, 0);
  const meanBytes = bytes / values.length;
  const results = await withBroker(async () => {
    const kafkaSeconds = await benchKafka(values);
    const httpSeconds = await benchHttp(values);
    const fresh = await benchFreshness(args.freshRate, args.freshSeconds);
    return { kafkaSeconds, httpSeconds, fresh };
  });
  const row = (name: string, seconds: number, target: string) => {
    const eps = values.length / seconds;
    return { name, eps: Math.round(eps), mbps: Math.round((bytes / seconds / 1e6) * 10) / 10, seconds: Math.round(seconds * 10) / 10, target };
  };
  const kafkaRow = row("Kafka → ClickHouse (embedded chDB)", results.kafkaSeconds, "≥ 100,000 events/s");
  const httpRow = row("HTTP batch → ClickHouse (embedded chDB)", results.httpSeconds, "≥ 100,000 events/s");
  console.log(`\nLotline ingest benchmark · ${cpus().length} cores · ${values.length.toLocaleString("en-US")} events · mean ${Math.round(meanBytes)} B/event\n`);
  console.log("| path | events/s | MB/s | seconds | target |");
  console.log("| --- | ---: | ---: | ---: | --- |");
  for (const r of [kafkaRow, httpRow]) console.log(`| ${r.name} | ${r.eps.toLocaleString("en-US")} | ${r.mbps} | ${r.seconds} | ${r.target} |`);
  const f = results.fresh;
  console.log(`| freshness at ${args.freshRate.toLocaleString("en-US")} events/s for ${args.freshSeconds} s (produced → queryable) | p50 ${Math.round(f.p50)} ms · p95 ${Math.round(f.p95)} ms · p99 ${Math.round(f.p99)} ms | | | p95 ≤ 2,000 ms |`);
  console.log(
    JSON.stringify({
      bench: "ingest",
      cores: cpus().length,
      events: values.length,
      meanEventBytes: Math.round(meanBytes),
      kafka: { eventsPerSecond: kafkaRow.eps, mbPerSecond: kafkaRow.mbps, seconds: kafkaRow.seconds },
      http: { eventsPerSecond: httpRow.eps, mbPerSecond: httpRow.mbps, seconds: httpRow.seconds },
      freshness: { rate: args.freshRate, seconds: args.freshSeconds, sent: f.sent, p50Ms: Math.round(f.p50), p95Ms: Math.round(f.p95), p99Ms: Math.round(f.p99) },
    }),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
