import path from "node:path";
import type { ClickHouseClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forwardEvent } from "../ingest/forward-event";
import { simulateRange } from "../ingest/simulator/estate";
import { createEventSink, type EventSink } from "../ingest/sinks/clickhouse";
import { createClickHouse } from "../lib/clickhouse/client";
import { migrateClickHouse } from "../lib/clickhouse/migrate";
import type { EventRow } from "../lib/events/contract";
import { parseCloudEvent } from "../lib/events/to-row";
import { makeTempDir } from "./temp-dir";

// events_ingest_mv (migration 0013) is cloudEventToRow in SQL: every row ClickHouse maps from the
// forwarded bytes must equal the row the JS mapping builds from the same event.
const dir = makeTempDir("events-ingest");
let clickhouse: ClickHouseClient;
let sink: EventSink;

beforeAll(async () => {
  clickhouse = await createClickHouse({ mode: "embedded", path: path.join(dir.path, "clickhouse"), database: "default", cluster: undefined });
  await migrateClickHouse(clickhouse, {});
  sink = createEventSink(clickhouse);
}, 120_000);

afterAll(async () => {
  await clickhouse?.close();
  dir.remove();
});

const COLUMNS = ["event_id", "time", "kind", "source_system", "source", "type", "plant", "correlation_id", "trace_id", "span_id", "lot_id", "order_id", "message_id", "status", "duration_ms", "error", "payload", "interface", "from_system", "to_system", "subject", "replay_of", "origin"] as const;
type Stored = Record<(typeof COLUMNS)[number], string | number>;

async function stored(ids: string[]): Promise<Map<string, Stored>> {
  const result = await clickhouse.query({ query: `SELECT ${COLUMNS.join(", ")} FROM events WHERE event_id IN {ids:Array(String)}`, query_params: { ids }, format: "JSONEachRow" });
  return new Map((await result.json<Stored>()).map((r) => [String(r.event_id), r]));
}

/** The JS row with the columns' empty defaults filled in, payload as parsed JSON (whitespace is not meaning). */
function expectedRow(row: EventRow) {
  return { ...row, subject: row.subject ?? "", replay_of: row.replay_of ?? "", origin: row.origin ?? "", payload: row.payload === "" ? "" : JSON.parse(row.payload) };
}

function asStored(row: Stored) {
  return { ...row, payload: row.payload === "" ? "" : JSON.parse(String(row.payload)) };
}

const at = "2026-12-06T10:00:00.123Z";
const base = { specversion: "1.0", source: "/test", type: "mfg.lot.produced", time: at };
const odd: Record<string, unknown>[] = [
  { ...base, id: "odd-no-time", time: undefined },
  { ...base, id: "odd-offset", time: "2026-12-06T15:30:00.5+05:30" },
  { ...base, id: "odd-nanos", time: "2026-12-06T10:00:00.123456789Z" },
  { ...base, id: "odd-string-data", data: "plain text" },
  { ...base, id: "odd-number-data", data: 12.5 },
  { ...base, id: "odd-bool-data", data: false },
  { ...base, id: "odd-null-data", data: null },
  { ...base, id: "odd-array-data", data: [1, "two", { three: 3 }] },
  { ...base, id: "odd-base64", data_base64: "aGVsbG8=" },
  { ...base, id: "odd-unicode", data: { text: "é ✓ \u0000 \"quoted\" \\ back" }, errormessage: "naïve ✓" },
  { ...base, id: "odd-telemetry", type: "integration.message.failed", data: { interface: "qms-erp-hold", from: "QMS", to: "ERP" } },
  { ...base, id: "odd-telemetry-dead", type: "integration.message.deadlettered", sourcesystem: undefined },
  { ...base, id: "odd-telemetry-retried", type: "integration.message.retried", status: "pending" },
  { ...base, id: "odd-route-types", type: "integration.message.received", data: { interface: 7, from: ["QMS"], to: null } },
  { ...base, id: "odd-route-array", type: "integration.message.received", data: ["x"] },
  { ...base, id: "odd-business-route", data: { interface: "not-a-route", from: "QMS" } },
  { ...base, id: "odd-trace", traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", durationms: 1234, subject: "lot/L-1", replayof: "evt-0" },
  { ...base, id: "odd-extensions", someext: { nested: [1, 2] }, other: 5, flag: true },
];

describe("events_ingest maps forwarded events exactly as the row mapping did (real chDB)", () => {
  it("gives every simulator event and every odd event the row cloudEventToRow gives it", async () => {
    const to = new Date("2026-12-06T11:00:00Z");
    const simulated = simulateRange({ seed: 21, workflowsPerMinute: 60 }, new Date(to.getTime() - 30 * 60_000), to) as unknown as Record<string, unknown>[];
    const events = [...simulated, ...odd];
    const forwarded = events.map((e) => forwardEvent(JSON.parse(JSON.stringify(e)) as unknown));
    const lines = forwarded.map((f) => (f.ok ? f.line : ""));
    expect(forwarded.filter((f) => !f.ok)).toEqual([]);
    expect(await sink.forwardEvents(lines)).toEqual([]);

    const rows = await stored(events.map((e) => e.id as string));
    expect(rows.size).toBe(events.length);
    const mismatches = events.flatMap((e) => {
      const parsed = parseCloudEvent(JSON.parse(JSON.stringify(e)), new Date());
      if (!parsed.ok) return [`${String(e.id)}: ${parsed.reason}`];
      const got = asStored(rows.get(e.id as string)!);
      const want = expectedRow(parsed.row);
      // An event without a time gets the time it was received: ingest time, not a fixed value.
      if (e.time === undefined) {
        expect(Math.abs(Date.parse(`${String(got.time).replace(" ", "T")}Z`) - Date.now())).toBeLessThan(60_000);
        got.time = want.time;
      }
      return JSON.stringify(got) === JSON.stringify(Object.fromEntries(COLUMNS.map((c) => [c, want[c]]))) ? [] : [`${String(e.id)}:\n got ${JSON.stringify(got)}\nwant ${JSON.stringify(want)}`];
    });
    expect(mismatches).toEqual([]);
  });

  it("forwards a Kafka value's own bytes with the origin put in front, whitespace and all", async () => {
    const value = Buffer.from(`  {\n "specversion": "1.0", "id": "kafka-bytes-1", "source": "/k", "type": "mfg.lot.produced",\n "lotid": "L-K1", "data": {"a" : 1}}`);
    const origin = '{"kafka":{"topic":"t","partition":0,"offset":7,"headers":[]}}';
    const f = forwardEvent(JSON.parse(value.toString()) as unknown, { bytes: value, origin });
    expect(f.ok).toBe(true);
    expect(await sink.forwardEvents([f.ok ? f.line : ""])).toEqual([]);
    const row = (await stored(["kafka-bytes-1"])).get("kafka-bytes-1")!;
    expect(row).toMatchObject({ lot_id: "L-K1", origin, payload: '{"a" : 1}' });
  });

  it("dead-letters only the events ClickHouse refuses, with its reason, and stores the rest of the batch", async () => {
    const good = (i: number) => `{"specversion":"1.0","id":"iso-${i}","source":"/i","type":"mfg.lot.produced","lotid":"L-ISO-${i}"}`;
    const lines = Array.from({ length: 40 }, (_, i) => good(i));
    // JSON.parse keeps the last of two equal keys; ClickHouse refuses the object.
    lines[13] = `{"specversion":"1.0","id":"iso-13","id":"iso-13b","source":"/i","type":"mfg.lot.produced"}`;
    lines[31] = `{"specversion":"1.0","id":"iso-31","source":"/i","source":"/j","type":"mfg.lot.produced"}`;
    const rejected = await sink.forwardEvents(lines, "test:isolation:1");
    expect(rejected.map((r) => r.index)).toEqual([13, 31]);
    expect(rejected[0]!.reason).toMatch(/^ClickHouse could not read the event: .*Duplicate field/);
    const ids = Array.from({ length: 40 }, (_, i) => `iso-${i}`);
    const rows = await stored([...ids, "iso-13b"]);
    expect([...rows.keys()].sort()).toEqual(ids.filter((id) => id !== "iso-13" && id !== "iso-31").sort());

    // The same range re-sent after a crash splits the same way: nothing is written twice.
    expect((await sink.forwardEvents(lines, "test:isolation:1")).map((r) => r.index)).toEqual([13, 31]);
    const [count] = await (await clickhouse.query({ query: "SELECT count() AS n FROM events WHERE event_id LIKE 'iso-%'", format: "JSONEachRow" })).json<{ n: string }>();
    expect(Number(count!.n)).toBe(38);
    const [perMinute] = await (await clickhouse.query({ query: "SELECT count() AS n FROM events_by_lot WHERE lot_id LIKE 'L-ISO-%'", format: "JSONEachRow" })).json<{ n: string }>();
    expect(Number(perMinute!.n)).toBe(38);
  });

  it("writes a tokened batch once into events and every view, however often it is sent", async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `{"specversion":"1.0","id":"tok-${i}","source":"/t","type":"mfg.lot.produced","lotid":"L-TOK-${i}","time":"2026-12-05T08:00:30Z"}`);
    for (let i = 0; i < 3; i++) await sink.forwardEvents(lines, "test:token:1");
    const q = async (sql: string) => Number((await (await clickhouse.query({ query: sql, format: "JSONEachRow" })).json<{ n: string }>())[0]!.n);
    expect(await q("SELECT count() AS n FROM events WHERE event_id LIKE 'tok-%'")).toBe(25);
    expect(await q("SELECT count() AS n FROM events_by_lot WHERE lot_id LIKE 'L-TOK-%'")).toBe(25);
    expect(await q("SELECT sum(events) AS n FROM events_per_minute WHERE minute = toDateTime('2026-12-05 08:00:00', 'UTC')")).toBe(25);
  });
});
