import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { CloudEvent, HTTP, Kafka as CeKafka } from "cloudevents";
import { Kafka, logLevel, Partitioners, type Admin, type Message } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { committedLag } from "../ingest/sources/kafka-lag";
import { startKafka, type KafkaBroker } from "./kafka-harness";
import { TEST_INGEST_TOKEN, embeddedTestEnv } from "./embedded-env";

// Every source in one process, as `npm start` with KAFKA_BROKERS runs them: the Kafka source
// (tokened inserts), the HTTP and OTLP ingest and the live simulator (the shared batcher,
// untokened), interleaved over several rounds. Clients are the official CloudEvents SDK
// (HTTP and Kafka bindings), kafkajs and Debian's kcat; nothing here encodes a CloudEvent by hand
// but the batch.
const broker: KafkaBroker = await startKafka();
const topic = `mixed-${randomUUID()}`;
const groupId = `lotline-mixed-${randomUUID()}`;
const dir = embeddedTestEnv("mixed-sources", {
  KAFKA_BROKERS: broker.brokers.join(","),
  KAFKA_TOPICS: topic,
  KAFKA_GROUP_ID: groupId,
  LOTLINE_SIMULATOR: "1",
  LOTLINE_SIMULATOR_RATE: "120",
  LOTLINE_WRITE_PROBE_MS: "150",
  LOTLINE_JOBS: "1",
  LOTLINE_SLA_EVALUATE_MS: "1000",
});

const { handleIngestRequest } = await import("../ingest/http-ingest");
const { handleOtlpTracesRequest } = await import("../ingest/otlp-ingest");
const { getRuntime } = await import("../server/runtime");
const { getHealth } = await import("../lib/health");
const { metrics } = await import("../lib/metrics");

const kafka = new Kafka({ clientId: "lotline-mixed-test", brokers: broker.brokers, logLevel: logLevel.NOTHING });
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  await getRuntime();
}, 300_000);

afterAll(async () => {
  await (await getRuntime()).stop();
  await admin?.disconnect();
  await broker.stop();
  dir.remove();
}, 60_000);

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { clickhouse } = await getRuntime();
  return (await clickhouse.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}

interface Sent {
  id: string;
  lot?: string;
  order?: string;
  failed: boolean;
  parents: string[];
}

/** A varied business or telemetry event so that each derived table gets rows from each source. */
function makeEvent(source: string, round: number, i: number): { ce: CloudEvent<Record<string, unknown>>; sent: Sent } {
  const id = `mix-${source}-${round}-${i}-${randomUUID().slice(0, 8)}`;
  const lot = `L-MIX-${source}-${round}-${i}`;
  const order = `PO-MIX-${round}-${i % 3}`;
  const common = { id, source: `/test/${source}`, time: new Date().toISOString(), correlationid: `corr-mix-${source}-${round}`, plant: "P100" };
  switch (i % 4) {
    case 0:
      return { ce: new CloudEvent({ ...common, type: "mfg.lot.received", lotid: lot, sourcesystem: "WMS", data: { quantity: 5, uom: "KG" } }), sent: { id, lot, failed: false, parents: [] } };
    case 1:
      return { ce: new CloudEvent({ ...common, type: "mfg.order.released", orderid: order, sourcesystem: "ERP", data: {} }), sent: { id, order, failed: false, parents: [] } };
    case 2:
      return {
        ce: new CloudEvent({ ...common, type: "integration.message.failed", lotid: lot, orderid: order, messageid: `m-${id}`, errormessage: "timeout", data: {} }),
        sent: { id, lot, order, failed: true, parents: [] },
      };
    default: {
      const parent = `L-MIX-${source}-${round}-${i - 3}`;
      return {
        ce: new CloudEvent({ ...common, type: "mfg.lot.produced", lotid: lot, orderid: order, sourcesystem: "MES", data: { operation: "transform", inputs: [{ lotId: parent, quantity: 5, uom: "KG" }] } }),
        sent: { id, lot, order, failed: false, parents: [parent] },
      };
    }
  }
}

function ingestRequest(headers: Record<string, string>, body: string) {
  return handleIngestRequest(
    new Request("http://localhost/api/v1/ingest/events", { method: "POST", headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, ...headers }, body }),
  );
}

/** The SDK leaves unset attributes as undefined headers; a transport would not send them. */
function header(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
}

const accepted: Sent[] = [];

async function viaHttpStructured(round: number, n: number) {
  for (let i = 0; i < n; i++) {
    const { ce, sent } = makeEvent("hs", round, i);
    const message = HTTP.structured(ce);
    const res = await ingestRequest(header(message.headers), String(message.body));
    if (res.status === 202) accepted.push(sent);
    else throw new Error(`structured ${res.status}: ${await res.text()}`);
  }
}

async function viaHttpBinary(round: number, n: number) {
  for (let i = 0; i < n; i++) {
    const { ce, sent } = makeEvent("hb", round, i);
    const message = HTTP.binary(ce);
    const res = await ingestRequest(header(message.headers), typeof message.body === "string" ? message.body : JSON.stringify(message.body));
    if (res.status === 202) accepted.push(sent);
    else throw new Error(`binary ${res.status}: ${await res.text()}`);
  }
}

async function viaHttpBatch(round: number, n: number) {
  const made = Array.from({ length: n }, (_, i) => makeEvent("hx", round, i));
  const res = await ingestRequest({ "content-type": "application/cloudevents-batch+json" }, JSON.stringify(made.map((m) => m.ce.toJSON())));
  if (res.status !== 202) throw new Error(`batch ${res.status}: ${await res.text()}`);
  accepted.push(...made.map((m) => m.sent));
}

async function viaKafka(round: number, n: number) {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const sent: Sent[] = [];
  const messages: Message[] = [];
  for (let i = 0; i < n; i++) {
    const { ce, sent: s } = makeEvent(i % 2 === 0 ? "ks" : "kb", round, i);
    const encoded = i % 2 === 0 ? CeKafka.structured(ce) : CeKafka.binary(ce);
    const value = typeof encoded.value === "string" || Buffer.isBuffer(encoded.value) ? encoded.value : JSON.stringify(encoded.value);
    messages.push({ key: String(ce.correlationid), value, headers: header(encoded.headers) });
    sent.push(s);
  }
  // Several small sends: several record batches, so the source makes several tokened inserts.
  for (let i = 0; i < messages.length; i += 5) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 5) });
  await producer.disconnect();
  accepted.push(...sent);
}

/** Debian's kcat: structured events one per line, and a binary-mode record with ce_ headers. */
async function viaKcat(round: number, n: number) {
  const made = Array.from({ length: n }, (_, i) => makeEvent("kc", round, i));
  const run = (args: string[], input: string) =>
    new Promise<void>((resolve, reject) => {
      const child = execFile("kcat", ["-P", "-b", broker.brokers[0]!, "-t", topic, ...args], (error) => (error ? reject(error) : resolve()));
      child.stdin!.end(input);
    });
  const [binary, ...structured] = made;
  await run(["-H", "content-type=application/cloudevents+json"], structured.map((m) => JSON.stringify(m.ce.toJSON())).join("\n") + "\n");
  const { data, ...attributes } = binary!.ce.toJSON() as Record<string, unknown>;
  const headers = Object.entries(attributes).flatMap(([k, v]) => (v === undefined ? [] : ["-H", `ce_${k}=${String(v)}`]));
  await run([...headers, "-H", "content-type=application/json"], `${JSON.stringify(data)}\n`);
  accepted.push(...made.map((m) => m.sent));
}

async function viaOtlp(round: number, n: number) {
  const traceId = randomUUID().replaceAll("-", "");
  const spans = Array.from({ length: n }, (_, i) => ({
    traceId,
    spanId: randomUUID().replaceAll("-", "").slice(0, 16),
    name: `deliver-${i}`,
    startTimeUnixNano: `${BigInt(Date.now()) * 1_000_000n}`,
    endTimeUnixNano: `${(BigInt(Date.now()) + 5n) * 1_000_000n}`,
    attributes: [
      { key: "mfg.correlation.id", value: { stringValue: `corr-mix-otlp-${round}` } },
      { key: "mfg.lot.id", value: { stringValue: `L-MIX-otlp-${round}-${i}` } },
    ],
    status: i % 5 === 0 ? { code: 2, message: "nack" } : { code: 1 },
  }));
  const body = { resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: "middleware-broker" } }] }, scopeSpans: [{ spans }] }] };
  const res = await handleOtlpTracesRequest(
    new Request("http://localhost/v1/traces", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TEST_INGEST_TOKEN}` }, body: JSON.stringify(body) }),
  );
  if (res.status !== 200) throw new Error(`otlp ${res.status}: ${await res.text()}`);
  accepted.push(...spans.map((s, i) => ({ id: `${traceId}-${s.spanId}`, lot: `L-MIX-otlp-${round}-${i}`, failed: i % 5 === 0, parents: [] })));
}

describe("every source in one process (real Kafka, real chDB, live simulator)", () => {
  it("stores every acknowledged or committed event exactly once, in events and in every derived table", async () => {
    const ROUNDS = 4;
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved: the Kafka source's tokened inserts land between the batcher's untokened ones.
      await Promise.all([viaKafka(round, 20), viaKcat(round, 7), viaHttpStructured(round, 8), viaHttpBinary(round, 8), viaHttpBatch(round, 12), viaOtlp(round, 10)]);
    }
    await expect.poll(() => committedLag(admin, groupId, topic), { timeout: 120_000, interval: 250 }).toBe(0);
    // After the last commit, one more round over HTTP only: the case that lost data after a Kafka insert.
    await Promise.all([viaHttpStructured(ROUNDS, 4), viaHttpBinary(ROUNDS, 4), viaHttpBatch(ROUNDS, 4), viaOtlp(ROUNDS, 4)]);

    const ids = accepted.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const count = async (table: string, where = "") =>
      new Map((await rows<{ id: string; n: string }>(`SELECT event_id AS id, count() AS n FROM ${table} WHERE event_id IN {ids:Array(String)} ${where} GROUP BY id`, { ids })).map((r) => [r.id, Number(r.n)]));
    const expectOnce = (found: Map<string, number>, expected: Sent[]) => {
      const wrong = expected.filter((s) => found.get(s.id) !== 1).map((s) => `${s.id}: ${found.get(s.id) ?? 0}`);
      expect(wrong).toEqual([]);
      expect(found.size).toBe(expected.length);
    };
    // The batcher flushes every 20 ms: by the time the Kafka lag is 0 and the last 202s are in, everything is written.
    expectOnce(await count("events"), accepted);
    // Only what came over Kafka (kafkajs structured and binary, kcat) carries a transport origin; HTTP and OTLP rows leave it empty.
    const origins = await rows<{ id: string; topic: string }>("SELECT event_id AS id, JSONExtractString(origin, 'kafka', 'topic') AS topic FROM events WHERE event_id IN {ids:Array(String)}", { ids });
    expect(origins).toHaveLength(accepted.length);
    expect(origins.filter((o) => (o.topic === topic) !== /^mix-k[sbc]-/.test(o.id))).toEqual([]);
    expectOnce(await count("events_by_lot"), accepted.filter((s) => s.lot));
    expectOnce(await count("events_by_order"), accepted.filter((s) => s.order));
    expectOnce(await count("events_failed"), accepted.filter((s) => s.failed));
    const edges = await rows<{ e: string }>("SELECT concat(parent_lot, '>', child_lot) AS e FROM lot_edges_by_child WHERE child_lot LIKE 'L-MIX-%'");
    expect(edges.map((r) => r.e).sort()).toEqual(accepted.flatMap((s) => s.parents.map((p) => `${p}>${s.lot}`)).sort());
    const search = await rows<{ n: string }>("SELECT count() AS n FROM search_keys FINAL WHERE search_key IN {lots:Array(String)} AND key_kind = 'lot'", { lots: accepted.flatMap((s) => (s.lot ? [s.lot] : [])) });
    expect(Number(search[0]!.n)).toBeGreaterThanOrEqual(new Set(accepted.flatMap((s) => (s.lot ? [s.lot] : []))).size);

    // The simulator's own events, written through the same batcher, are whole as well: the
    // per-minute rollup (which sums every inserted row) and the lot lookup agree with the raw table.
    // (The simulator may deliver an event twice as an at-least-once producer does: rows count deliveries.)
    const [totals] = await rows<{ rows: string; simulated: string }>(
      "SELECT count() AS rows, countIf(event_id NOT LIKE 'mix-%' AND source NOT LIKE 'otel://%') AS simulated FROM events",
    );
    expect(Number(totals!.simulated)).toBeGreaterThan(1_000);
    // The simulator keeps writing: both sides are read in one query, polled until no insert sits between them.
    const sides = async () => {
      const [r] = await rows<{ rows: string; perMinute: string; byLot: string; withLot: string }>(
        "SELECT (SELECT count() FROM events) AS rows, (SELECT sum(events) FROM events_per_minute) AS perMinute, (SELECT count() FROM events_by_lot) AS byLot, (SELECT count() FROM events WHERE lot_id != '') AS withLot",
      );
      return { perMinute: Number(r!.perMinute) - Number(r!.rows), byLot: Number(r!.byLot) - Number(r!.withLot) };
    };
    await expect.poll(sides, { timeout: 15_000, interval: 100 }).toEqual({ perMinute: 0, byLot: 0 });

    // And the self-check that would have caught the loss reports green, in health and in metrics.
    const health = await getHealth(getRuntime);
    expect(health).toMatchObject({ status: "ok", clickhouse: { writeReadback: { ok: true, consecutiveFailures: 0 } }, jobs: { ok: true } });
    expect(await metrics().registry.getSingleMetricAsString("lotline_write_readback_ok")).toMatch(/^lotline_write_readback_ok 1$/m);
    // The SLA evaluator ran beside every source in this process and judged the simulator's workflows.
    const evaluator = health.jobs!.list.find((j) => j.name === "sla-evaluator");
    expect(evaluator).toMatchObject({ ok: true, lastError: null });
    expect(evaluator!.runs).toBeGreaterThan(0);
    const [judged] = await rows<{ n: string }>("SELECT count() AS n FROM workflow_instance_states FINAL");
    expect(Number(judged!.n)).toBeGreaterThan(0);
  }, 240_000);
});
