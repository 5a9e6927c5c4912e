// `npm run bench:ingest`: ingest throughput and freshness on this machine, end to end with
// durable offsets, against a real Kafka broker (scripts/kafka.sh) and embedded chDB, beside what
// the machine allows on the same events in the same run: the raw-insert limit (the same bytes
// inserted straight into events_ingest, with and without the derived tables' views) and a peer,
// ClickHouse's own Kafka table engine consuming the same topic into the same tables.
// Prints a table, then one line of JSON with the same figures.
//   --events N       events for the throughput runs (default 1,000,000)
//   --rounds N       rounds of every throughput run; the table shows medians (default 1)
//   --fresh-rate R   events/s for the freshness run (default 10,000), --fresh-seconds S (default 30)
//   --fresh-high R   a second freshness run at this rate (default 30,000; 0 skips it)
//   --profile        CPU-profile the product's Kafka run and print its top functions
import { setTimeout as sleep } from "node:timers/promises";
import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import type { ClickHouseClient } from "@clickhouse/client";
import { Session } from "node:inspector/promises";
import { Kafka, logLevel, Partitioners, CompressionTypes, type Admin } from "kafkajs";
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
    events: z.coerce.number().int().min(10_000).default(1_000_000),
    rounds: z.coerce.number().int().min(1).max(9).default(1),
    freshRate: z.coerce.number().int().min(100).default(10_000),
    freshSeconds: z.coerce.number().int().min(5).default(30),
    freshHigh: z.coerce.number().int().min(0).default(30_000),
    profile: z.literal("true").optional(),
  })
  .strict()
  .parse(
    Object.fromEntries(
      process.argv
        .slice(2)
        .join(" ")
        .split("--")
        .filter(Boolean)
        .map((a) => a.trim().split(/\s+/))
        .map(([k, v]) => [k!.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), v ?? "true"]),
    ),
  );

const BROKER = `127.0.0.1:${process.env.KAFKA_PORT ?? "19092"}`;
const PARTITIONS = 4;
/** Producers posting batches of 5,000 at once, as many integrations would: the batcher fills while an insert runs. */
const HTTP_CLIENTS = 16;
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
function benchSource(clickhouse: ClickHouseClient, topic: string, groupId: string, sink = createEventSink(clickhouse)) {
  return createKafkaSource({
    config: { brokers: [BROKER], topics: [topic], groupId, clientId: "bench", ssl: false, sasl: undefined, maxBytesPerPartition: 16 * 1024 * 1024, sessionTimeoutMs: 30_000 },
    sink,
    offsets: createOffsetStore(clickhouse),
    log: () => {},
  });
}

async function countEvents(clickhouse: ClickHouseClient): Promise<number> {
  const rows = await (await clickhouse.query({ query: "SELECT count() AS n FROM events", format: "JSONEachRow" })).json<{ n: string }>();
  return Number(rows[0]!.n);
}

async function expectAll(clickhouse: ClickHouseClient, what: string, expected: number) {
  const n = await countEvents(clickhouse);
  if (n !== expected) throw new Error(`${what} wrote ${n} rows, expected ${expected}`);
}

/** The events on one topic, produced once for the product's and the peer's runs. */
async function produceTopic(admin: Admin, kafka: Kafka, values: Buffer[]): Promise<string> {
  const topic = `bench-${randomUUID()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const headers = { "content-type": "application/cloudevents+json" };
  for (let i = 0; i < values.length; i += 5_000) {
    await producer.send({ topic, compression: CompressionTypes.None, messages: values.slice(i, i + 5_000).map((value, j) => ({ key: String((i + j) % 1024), value, headers })) });
  }
  await producer.disconnect();
  return topic;
}

interface CpuEntry {
  name: string;
  share: number;
}

/** Self time per function of a V8 CPU profile, largest first. */
function topFunctions(profile: { nodes: { id: number; hitCount?: number; callFrame: { functionName: string; url: string; lineNumber: number } }[] }, n: number): CpuEntry[] {
  const byName = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules\/)?/, (m) => (m.includes("node_modules") ? "node_modules/" : "")).replace(/^file:\/\//, "");
    const name = url ? `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}` : functionName;
    byName.set(name, (byName.get(name) ?? 0) + hits);
  }
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, hits]) => ({ name, share: Math.round((hits / Math.max(1, total)) * 1000) / 10 }));
}

async function benchKafka(admin: Admin, topic: string, expected: number, profile: boolean) {
  const { clickhouse, remove } = await freshClickHouse();
  const groupId = `bench-${randomUUID()}`;
  const sink = createEventSink(clickhouse);
  const source = benchSource(clickhouse, topic, groupId, sink);
  const session = profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 500 });
    await session.post("Profiler.start");
  }
  const started = performance.now();
  await source.start();
  while ((await committedLag(admin, groupId, topic)) > 0) await sleep(200);
  const seconds = (performance.now() - started) / 1000;
  const inFlight = sink.insertingMs() / 1000 / seconds;
  const cpu = session ? topFunctions((await session.post("Profiler.stop")).profile, 15) : [];
  session?.disconnect();
  await source.stop();
  await expectAll(clickhouse, "kafka run", expected);
  await clickhouse.close();
  remove();
  return { seconds, inFlight, cpu };
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
    Array.from({ length: HTTP_CLIENTS }, async () => {
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
  await expectAll(clickhouse, "http run", values.length);
  await clickhouse.close();
  remove();
  return seconds;
}

/**
 * The limit: the same bytes inserted into events_ingest by the product's own sink, 50,000 per
 * insert, one at a time, nothing else running. Without views, only the mapping into `events` is left.
 */
async function benchLimit(values: Buffer[], withViews: boolean) {
  const { clickhouse, remove } = await freshClickHouse();
  if (!withViews) {
    const views = await (
      await clickhouse.query({ query: "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView' AND name != 'events_ingest_mv'", format: "JSONEachRow" })
    ).json<{ name: string }>();
    // Identifiers cannot be parameters; these are the migrations' own view names.
    for (const { name } of views) await clickhouse.command({ query: `DROP VIEW ${name}` });
  }
  const sink = createEventSink(clickhouse);
  const started = performance.now();
  for (let i = 0; i < values.length; i += 50_000) await sink.forwardEvents(values.slice(i, i + 50_000));
  const seconds = (performance.now() - started) / 1000;
  await expectAll(clickhouse, "limit run", values.length);
  await clickhouse.close();
  remove();
  return seconds;
}

/** The peer, in a process of its own (scripts/bench-ingest-peer.ts says why). */
function benchPeer(topic: string, expected: number, consumers: number): number {
  const out = execFileSync(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/bench-ingest-peer.ts", BROKER, topic, String(expected), String(consumers)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 30 * 60_000,
  });
  return z.object({ seconds: z.number().positive() }).parse(JSON.parse(out.trim().split("\n").at(-1)!)).seconds;
}

async function benchFreshness(rate: number, seconds: number) {
  const kafka = new Kafka({ clientId: "bench-fresh", brokers: [BROKER], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench-fresh-${randomUUID()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  const { clickhouse, remove } = await freshClickHouse();
  const groupId = `bench-${randomUUID()}`;
  const source = benchSource(clickhouse, topic, groupId);
  await source.start();
  await sleep(3_000);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const template = simulateRange({ seed: 11, workflowsPerMinute: 600 }, new Date(Date.now() - 10 * 60_000), new Date()).slice(0, 1_000);
  const freshness = metrics().freshnessSeconds;
  const before = (await freshness.get()).values.filter((v) => v.metricName?.endsWith("_count")).reduce((n, v) => n + v.value, 0);
  const tickMs = 100;
  let sent = 0;
  const begun = Date.now();
  const end = begun + seconds * 1000;
  while (Date.now() < end) {
    // Paced against the clock, so a slow send is caught up rather than lowering the rate.
    let due = Math.round((rate * (Date.now() - begun + tickMs)) / 1000) - sent;
    const time = new Date().toISOString();
    // At most 1,000 per request: the broker refuses a request over its 1 MB message limit.
    for (let n = Math.min(due, 1_000); n > 0; n = Math.min(due, 1_000)) {
      await producer.send({
        topic,
        messages: Array.from({ length: n }, (_, i) => {
          const base = template[(sent + i) % template.length] as CloudEvent;
          return { key: String((sent + i) % 1024), value: JSON.stringify({ ...base, id: `${base.id}-f${sent + i}`, time }) };
        }),
      });
      sent += n;
      due -= n;
    }
    await sleep(Math.max(0, begun + Math.ceil((Date.now() - begun + 1) / tickMs) * tickMs - Date.now()));
  }
  const producedSeconds = (Date.now() - begun) / 1000;
  await producer.disconnect();
  while ((await committedLag(admin, groupId, topic)) > 0) await sleep(100);
  await source.stop();
  const window = metrics().recentFreshnessMs;
  const [p50, p95, p99] = [50, 95, 99].map((p) => window.percentile(p) ?? Number.NaN) as [number, number, number];
  const after = (await freshness.get()).values.filter((v) => v.metricName?.endsWith("_count")).reduce((n, v) => n + v.value, 0);
  await clickhouse.close();
  remove();
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.disconnect();
  return { rate, achieved: Math.round(sent / producedSeconds), sent, observed: after - before, p50, p95, p99 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round2 = (x: number) => Math.round(x * 100) / 100;

async function main() {
  const values = makeEvents(args.events);
  const bytes = values.reduce((n, v) => n + v.length, 0);
  const meanBytes = bytes / values.length;
  const consumers = Math.min(cpus().length, PARTITIONS);
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const results = await withBroker(async () => {
    const kafka = new Kafka({ clientId: "bench", brokers: [BROKER], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const topic = await produceTopic(admin, kafka, values);
    const runs = { kafka: [] as number[], http: [] as number[], withViews: [] as number[], withoutViews: [] as number[], peer: [] as number[], inFlight: [] as number[] };
    let cpu: CpuEntry[] = [];
    for (let round = 1; round <= args.rounds; round++) {
      // Interleaved per round, so a change in the machine's load touches every path alike.
      const k = await benchKafka(admin, topic, values.length, args.profile === "true" && round === 1);
      runs.kafka.push(k.seconds);
      runs.inFlight.push(k.inFlight);
      if (k.cpu.length > 0) cpu = k.cpu;
      log(`round ${round}: kafka ${Math.round(values.length / k.seconds)}/s`);
      runs.http.push(await benchHttp(values));
      log(`round ${round}: http ${Math.round(values.length / runs.http.at(-1)!)}/s`);
      runs.withViews.push(await benchLimit(values, true));
      runs.withoutViews.push(await benchLimit(values, false));
      log(`round ${round}: limit ${Math.round(values.length / runs.withViews.at(-1)!)}/s with views, ${Math.round(values.length / runs.withoutViews.at(-1)!)}/s without`);
      runs.peer.push(benchPeer(topic, values.length, consumers));
      log(`round ${round}: peer ${Math.round(values.length / runs.peer.at(-1)!)}/s`);
    }
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
    const fresh = await benchFreshness(args.freshRate, args.freshSeconds);
    const freshHigh = args.freshHigh > 0 ? await benchFreshness(args.freshHigh, args.freshSeconds) : null;
    return { runs, cpu, fresh, freshHigh };
  });
  const { runs } = results;
  const eps = (secondsList: number[]) => Math.round(values.length / median(secondsList));
  const rate = { kafka: eps(runs.kafka), http: eps(runs.http), withViews: eps(runs.withViews), withoutViews: eps(runs.withoutViews), peer: eps(runs.peer) };
  const ratio = { kafkaToLimit: round2(rate.kafka / rate.withViews), httpToLimit: round2(rate.http / rate.withViews), kafkaToPeer: round2(rate.kafka / rate.peer) };
  const mbps = (r: number) => Math.round(((r * meanBytes) / 1e6) * 10) / 10;
  const rows: [string, number, string, string][] = [
    ["Lotline, Kafka → ClickHouse (offsets committed after the insert)", rate.kafka, `${ratio.kafkaToLimit}× · ${ratio.kafkaToPeer}× peer`, "≥ 0.8× limit, ahead of the peer"],
    [`Lotline, HTTP batch → ClickHouse (${HTTP_CLIENTS} clients, 202 after the insert)`, rate.http, `${ratio.httpToLimit}×`, "≥ 0.8× limit"],
    ["limit: the same bytes inserted into events_ingest, every derived table", rate.withViews, "1×", ""],
    ["limit: the same, events only (no derived tables)", rate.withoutViews, `${round2(rate.withoutViews / rate.withViews)}×`, ""],
    [`peer: ClickHouse Kafka engine in chDB, ${consumers} consumers, every derived table`, rate.peer, `${round2(rate.peer / rate.withViews)}×`, ""],
  ];
  console.log(`\nLotline ingest benchmark · ${cpus().length} cores · ${values.length.toLocaleString("en-US")} events · mean ${Math.round(meanBytes)} B/event · ${args.rounds} round(s), medians\n`);
  console.log("| path | events/s | MB/s | vs limit | target |");
  console.log("| --- | ---: | ---: | ---: | --- |");
  for (const [name, r, vs, target] of rows) console.log(`| ${name} | ${r.toLocaleString("en-US")} | ${mbps(r)} | ${vs} | ${target} |`);
  for (const f of [results.fresh, results.freshHigh]) {
    if (!f) continue;
    console.log(
      `| freshness, produced → queryable, Kafka at ${f.achieved.toLocaleString("en-US")} events/s for ${args.freshSeconds} s | p50 ${Math.round(f.p50)} ms · p95 ${Math.round(f.p95)} ms · p99 ${Math.round(f.p99)} ms | | | ${f.rate === args.freshRate ? "p95 ≤ 2,000 ms" : "reported"} |`,
    );
  }
  console.log(`\nKafka run: an insert in flight ${Math.round(median(runs.inFlight) * 100)} % of the time.`);
  if (results.cpu.length > 0) {
    console.log("\nCPU profile of the Kafka run (JS thread, self time; chDB's own threads are not in it):\n");
    console.log("| function | self % |");
    console.log("| --- | ---: |");
    for (const e of results.cpu) console.log(`| ${e.name.replaceAll("|", "\\|")} | ${e.share} |`);
  }
  const fresh = (f: NonNullable<typeof results.fresh>) => ({ rate: f.rate, achievedRate: f.achieved, seconds: args.freshSeconds, sent: f.sent, p50Ms: Math.round(f.p50), p95Ms: Math.round(f.p95), p99Ms: Math.round(f.p99) });
  console.log(
    JSON.stringify({
      bench: "ingest",
      cores: cpus().length,
      events: values.length,
      rounds: args.rounds,
      meanEventBytes: Math.round(meanBytes),
      kafka: { eventsPerSecond: rate.kafka, mbPerSecond: mbps(rate.kafka), insertInFlight: round2(median(runs.inFlight)) },
      http: { eventsPerSecond: rate.http, mbPerSecond: mbps(rate.http) },
      limit: { withViews: rate.withViews, withoutViews: rate.withoutViews },
      peer: { kafkaEngine: rate.peer, consumers },
      ratio,
      freshness: { ...fresh(results.fresh), high: results.freshHigh ? fresh(results.freshHigh) : null },
      cpu: results.cpu,
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
