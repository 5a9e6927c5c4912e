import type { ClickHouseClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateRange } from "../ingest/simulator/estate";
import type { CloudEvent } from "../lib/events/contract";
import { embeddedTestEnv } from "./embedded-env";

const dir = embeddedTestEnv("queries");

const { getRuntime } = await import("../server/runtime");
const { getOverview } = await import("../lib/queries/get-overview");
const { searchIds } = await import("../lib/queries/search-ids");
const { getTraceEvents } = await import("../lib/queries/get-trace");
const { tracesForKey } = await import("../lib/queries/traces-for-key");
const { getDeadLetters, deadLetterFilterSchema } = await import("../lib/queries/get-dead-letters");
const { buildTrace } = await import("../lib/trace/build-trace");

const to = new Date(Math.floor(Date.now() / 1000) * 1000);
const from = new Date(to.getTime() - 20 * 60_000);
let events: CloudEvent[];

let ch!: ClickHouseClient;

beforeAll(async () => {
  ch = (await getRuntime()).clickhouse;
  const runtime = await getRuntime();
  events = simulateRange({ seed: 99 }, from, to);
  await runtime.ingest.ingest(events, { channel: "simulator", requestId: "queries-test" });
  // Deliver one event twice, as a retrying client would: it must not appear twice in a trace.
  await runtime.ingest.ingest([events[0]!], { channel: "http", requestId: "queries-test-dup" });
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("queries on simulator data (real chDB)", () => {
  it("overview counts what was ingested, per plant and per minute, with recent failures", async () => {
    const overview = await getOverview(ch, null);
    const expectedFailures = events.filter((e) => e.type === "integration.message.failed" || e.type === "integration.message.deadlettered").length;
    expect(overview.totals.events).toBe(events.length + 1);
    expect(overview.totals.failures).toBe(expectedFailures);
    expect(overview.byPlant.map((p) => p.plant)).toEqual(["P100", "P200", "P300", "P400", "P500"]);
    expect(overview.perMinute.reduce((s, m) => s + m.events, 0)).toBe(events.length + 1);
    expect(overview.perMinute[0]!.minute).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    expect(overview.recentFailures.length).toBe(Math.min(20, expectedFailures));
    const times = overview.recentFailures.map((f) => f.time);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("scopes the overview to a plant manager's plants", async () => {
    const overview = await getOverview(ch, ["P200"]);
    expect(overview.byPlant.map((p) => p.plant)).toEqual(["P200"]);
    expect(overview.totals.events).toBe(events.filter((e) => e.plant === "P200").length + (events[0]!.plant === "P200" ? 1 : 0));
    expect(overview.recentFailures.every((f) => f.plant === "P200")).toBe(true);
  });

  it("narrows the overview to a plant and a reporting system, counts failures per minute, and keeps every choice", async () => {
    const failed = (e: CloudEvent) => e.type === "integration.message.failed" || e.type === "integration.message.deadlettered";
    const all = await getOverview(ch, null);
    expect(all.perMinute.reduce((s, m) => s + m.failures, 0)).toBe(all.totals.failures);
    expect(all.facets.plants).toEqual(["P100", "P200", "P300", "P400", "P500"]);
    expect(all.facets.systems).toEqual([...new Set(events.map((e) => e.sourcesystem!))].sort());

    const narrowed = await getOverview(ch, null, { range: "1h", plant: "P300", system: "MIDDLEWARE" });
    const expected = events.filter((e) => e.plant === "P300" && e.sourcesystem === "MIDDLEWARE");
    const duplicate = expected.includes(events[0]!) ? 1 : 0;
    expect(narrowed.totals.events).toBe(expected.length + duplicate);
    expect(narrowed.totals.failures).toBe(expected.filter(failed).length);
    expect(narrowed.totals.failures).toBeGreaterThan(0);
    expect(narrowed.perMinute.every((m) => m.source_system === "MIDDLEWARE")).toBe(true);
    expect(narrowed.perMinute.reduce((s, m) => s + m.failures, 0)).toBe(narrowed.totals.failures);
    expect(narrowed.byPlant).toEqual([{ plant: "P300", events: narrowed.totals.events, failures: narrowed.totals.failures }]);
    expect(narrowed.recentFailures.length).toBeGreaterThan(0);
    expect(narrowed.recentFailures.every((f) => f.plant === "P300" && f.source_system === "MIDDLEWARE")).toBe(true);
    // The choices stay whole, so the filter can be changed from a narrowed view.
    expect(narrowed.facets).toEqual(all.facets);

    // A plant outside a plant manager's scope stays invisible, filter or not.
    const outside = await getOverview(ch, ["P200"], { range: "1h", plant: "P300" });
    expect(outside.totals.events).toBe(0);
    expect(outside.facets.plants).toEqual(["P200"]);
  });

  it("finds correlation ids, lots and orders by exact id and by prefix", async () => {
    const withLot = events.find((e) => e.lotid)!;
    const withOrder = events.find((e) => e.orderid)!;
    const exact = await searchIds(ch, withLot.correlationid!, null);
    expect(exact[0]).toMatchObject({ kind: "correlation", id: withLot.correlationid, exact: true, plant: withLot.plant });
    expect((await searchIds(ch, withLot.lotid!, null))[0]).toMatchObject({ kind: "lot", id: withLot.lotid, exact: true });
    expect((await searchIds(ch, withOrder.orderid!, null))[0]).toMatchObject({ kind: "order", id: withOrder.orderid, exact: true });
    const prefix = await searchIds(ch, "L-P100-0000", null);
    expect(prefix.length).toBeGreaterThan(1);
    expect(prefix.every((r) => r.kind === "lot" && r.id.startsWith("L-P100-0000"))).toBe(true);
    expect(await searchIds(ch, "no-such-prefix", null)).toEqual([]);
    // LIKE wildcards in the input are literal characters, not patterns.
    expect(await searchIds(ch, "corr-%", null)).toEqual([]);
    expect(await searchIds(ch, withLot.lotid!, ["P999"])).toEqual([]);
  });

  it("returns a correlation id's events in time order across systems, each once", async () => {
    const id = events[0]!.correlationid!;
    const expected = events.filter((e) => e.correlationid === id);
    const trace = await getTraceEvents(ch, id);
    expect(trace.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(trace.map((e) => e.time)).toEqual(expected.map((e) => e.time));
    expect(new Set(trace.map((e) => e.system)).size).toBeGreaterThan(1);
    const built = buildTrace(id, trace);
    expect(built.steps[0]!.offsetMs).toBe(0);
    expect(built.durationMs).toBeGreaterThan(0);
  });

  it("lists the correlation ids that carried a lot or an order, each with its event and failure counts", async () => {
    const lotId = events.find((e) => e.lotid)!.lotid!;
    const expected = new Map<string, { n: number; failed: number }>();
    for (const e of events.filter((x) => x.lotid === lotId)) {
      const entry = expected.get(e.correlationid!) ?? { n: 0, failed: 0 };
      entry.n += 1;
      // Telemetry carries its status in its type (to-row.ts): failed and dead-lettered deliveries.
      if (e.type === "integration.message.failed" || e.type === "integration.message.deadlettered") entry.failed += 1;
      expected.set(e.correlationid!, entry);
    }
    const traces = await tracesForKey(ch, "lot", lotId, null);
    expect(new Map(traces.map((t) => [t.correlationId, { n: t.events, failed: t.failures }]))).toEqual(expected);
    const lastSeen = traces.map((t) => t.lastSeen);
    expect(lastSeen).toEqual([...lastSeen].sort().reverse());
    const orderId = events.find((e) => e.orderid)!.orderid!;
    const orderTraces = await tracesForKey(ch, "order", orderId, null);
    expect(orderTraces.map((t) => t.correlationId).sort()).toEqual([...new Set(events.filter((e) => e.orderid === orderId).map((e) => e.correlationid!))].sort());
    expect(await tracesForKey(ch, "lot", lotId, ["P999"])).toEqual([]);
  });

  it("lists dead letters newest first with their reasons, filtered by channel", async () => {
    const runtime = await getRuntime();
    await runtime.ingest.ingest([{ specversion: "0.3", id: "dl-1", source: "/x", type: "t" }, { id: "dl-2" }], { channel: "http", requestId: "dl-req" });
    await runtime.ingest.deadLetter("not json at all", "body is not valid JSON: Unexpected token", { channel: "http", requestId: "dl-req-2" });
    const all = await getDeadLetters(ch, deadLetterFilterSchema.parse({}));
    expect(all.total).toBe(3);
    expect(all.items[0]).toMatchObject({ channel: "http", requestId: "dl-req-2", rawPreview: "not json at all", rawBytes: 15 });
    expect(all.items.map((d) => d.eventId).sort()).toEqual(["", "dl-1", "dl-2"]);
    expect(all.reasons.reduce((n, r) => n + r.count, 0)).toBe(3);
    expect(all.reasons.map((r) => r.reason)).toContain("body is not valid JSON");
    expect((await getDeadLetters(ch, deadLetterFilterSchema.parse({ channel: "kafka" }))).total).toBe(0);
    expect(deadLetterFilterSchema.parse({ channel: "nope", hours: "-3" })).toEqual({ channel: undefined, hours: 24 });
  });

  it("returns nothing for an unknown correlation id", async () => {
    expect(await getTraceEvents(ch, "corr-unknown")).toEqual([]);
  });
});
