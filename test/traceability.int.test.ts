import type { ClickHouseClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateRange } from "../ingest/simulator/estate";
import { BUSINESS_TYPES, TELEMETRY_TYPES } from "../lib/workflows/catalog";
import type { CloudEvent } from "../lib/events/contract";
import type { Actor } from "../lib/auth/actor";
import { embeddedTestEnv } from "./embedded-env";
import { closure } from "./genealogy-closure";

const dir = embeddedTestEnv("traceability");

const { getRuntime } = await import("../server/runtime");
const { getGenealogyView } = await import("../lib/genealogy/genealogy-view");
const { getLotView } = await import("../lib/lots/lot-view");
const { getOrderView } = await import("../lib/orders/order-view");
const { defaultViewDefinitions } = await import("../lib/slas/view-definitions");
const { getTraceEvents, getKeyTimeline, getEventsOfTraces } = await import("../lib/queries/get-trace");
const { aggregateFromEvents } = await import("../lib/slas/aggregate-from-events");
const { loadInstanceAggregates } = await import("../lib/slas/instance-aggregates");
const { judgeAggregates } = await import("../lib/slas/judge-instance");
const { searchIds } = await import("../lib/queries/search-ids");

const admin: Actor = { id: "u-admin", email: "admin@example.test", name: "Admin", role: "admin", plants: null };
const manager = (plants: string[]): Actor => ({ id: "u-pm", email: "pm@example.test", name: "PM", role: "plant_manager", plants });

// One simulated hour of five plants with lost holds, ending a minute ago (retention keeps it).
const TO = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
const FROM = new Date(TO.getTime() - 3_600_000);
let events: CloudEvent[];

/** Genealogy links straight from the events as sent: child lot ← input lots. */
function parentsFromEvents(evs: CloudEvent[]): Map<string, { lotId: string; op: string }[]> {
  const parents = new Map<string, { lotId: string; op: string }[]>();
  for (const e of evs) {
    if (e.type !== BUSINESS_TYPES.lotProduced && e.type !== BUSINESS_TYPES.shipmentConfirmed) continue;
    const data = e.data as { inputs: { lotId: string }[]; operation?: string };
    const list = parents.get(e.lotid!) ?? [];
    for (const input of data.inputs) list.push({ lotId: input.lotId, op: data.operation ?? "produce" });
    parents.set(e.lotid!, list);
  }
  return parents;
}

let ch!: ClickHouseClient;

beforeAll(async () => {
  const runtime = await getRuntime();
  ch = runtime.clickhouse;
  events = simulateRange({ seed: 2024, workflowsPerMinute: 120, faults: { lostHold: true } }, FROM, TO);
  for (let i = 0; i < events.length; i += 10_000) await runtime.ingest.ingest(events.slice(i, i + 10_000), { channel: "simulator", requestId: `trace-${i}` });
}, 120_000);

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("traceability on a simulated hour (real chDB)", () => {
  it("returns exactly the ancestors and descendants of a finished lot, across a split and a merge", async () => {
    const parents = parentsFromEvents(events);
    const children = new Map<string, string[]>();
    for (const [child, list] of parents) for (const p of list) children.set(p.lotId, [...(children.get(p.lotId) ?? []), child]);
    const ancestorsOf = (lot: string) => closure(lot, (l) => (parents.get(l) ?? []).map((p) => p.lotId));
    const opsOf = (anc: Map<string, number>) => new Set([...anc.keys()].flatMap((l) => (parents.get(l) ?? []).map((p) => p.op)));
    // A finished lot (it was shipped) whose history holds both a split and a merge.
    const shipmentInputs = events.filter((e) => e.type === BUSINESS_TYPES.shipmentConfirmed).flatMap((e) => (e.data as { inputs: { lotId: string }[] }).inputs.map((i) => i.lotId));
    const finished = shipmentInputs.find((lot) => {
      const ops = opsOf(ancestorsOf(lot));
      return ops.has("split") && ops.has("merge");
    });
    expect(finished, "the simulated hour has a finished lot made through a split and a merge").toBeDefined();

    const backward = await getGenealogyView(ch, admin, finished!, "backward", 25);
    if (backward.status !== "ok") throw new Error(backward.status);
    const expectedAncestors = ancestorsOf(finished!);
    expect(Object.fromEntries(backward.genealogy.nodes.map((n) => [n.lotId, n.depth]))).toEqual(Object.fromEntries(expectedAncestors));
    expect(backward.genealogy.edges.some((e) => e.operation === "split") && backward.genealogy.edges.some((e) => e.operation === "merge")).toBe(true);
    // The deepest ancestors are supplier lots with their supplier's own lot number.
    const rawLots = backward.genealogy.nodes.filter((n) => !parents.has(n.lotId));
    expect(rawLots.length).toBeGreaterThan(0);
    expect(rawLots.every((n) => n.kind === "supplier_lot" && n.supplierLot !== "" && n.item !== "")).toBe(true);

    // Forward from one of its raw materials: every descendant, down to shipments.
    const raw = rawLots[0]!.lotId;
    const forward = await getGenealogyView(ch, admin, raw, "forward", 25);
    if (forward.status !== "ok") throw new Error(forward.status);
    expect(Object.fromEntries(forward.genealogy.nodes.map((n) => [n.lotId, n.depth]))).toEqual(Object.fromEntries(closure(raw, (l) => children.get(l) ?? [])));
    expect(forward.genealogy.nodes.some((n) => n.kind === "shipment" && n.customer !== "")).toBe(true);
    expect(forward.genealogy.nodes.map((n) => n.lotId)).toContain(finished);

    // Depth limits the walk, and the frontier says where the graph can expand.
    const shallow = await getGenealogyView(ch, admin, finished!, "backward", 1);
    if (shallow.status !== "ok") throw new Error(shallow.status);
    expect(shallow.genealogy.nodes.filter((n) => n.depth === 1).map((n) => n.lotId).sort()).toEqual((parents.get(finished!) ?? []).map((p) => p.lotId).sort());
    expect(shallow.genealogy.nodes.filter((n) => n.depth === 1).every((n) => n.expandable === parents.has(n.lotId))).toBe(true);
    expect((await getGenealogyView(ch, admin, "L-NO-SUCH-LOT", "backward", 3)).status).toBe("not-found");
  });

  it("reports a lot whose hold never reached ERP as divergent, with the systems and since when", async () => {
    const held = new Set(events.filter((e) => e.type === BUSINESS_TYPES.holdPlaced).map((e) => e.lotid));
    const byCorrelation = new Map<string, CloudEvent[]>();
    for (const e of events) byCorrelation.set(e.correlationid!, [...(byCorrelation.get(e.correlationid!) ?? []), e]);
    const lost = [...byCorrelation.values()]
      .filter((chain) => chain[0]!.type === BUSINESS_TYPES.inspectionFailed && chain.some((e) => e.type === TELEMETRY_TYPES.delivered))
      .map((chain) => chain[0]!)
      .find((failed) => !held.has(failed.lotid) && events.some((e) => e.lotid === failed.lotid && e.sourcesystem === "ERP"));
    expect(lost, "the lost-hold fault left a failed lot without an ERP hold").toBeDefined();

    const now = Date.now();
    const result = await getLotView(ch, admin, lost!.lotid!, now);
    if (result.status !== "ok") throw new Error(result.status);
    const { lot } = result;
    expect(lot.divergent).toBe(true);
    expect(lot.divergence.blockedIn).toEqual(["QMS"]);
    expect(lot.divergence.releasedIn).toEqual(["ERP"]);
    // Divergent from the moment both had spoken: the rejection, or ERP's first word on the lot if later.
    const erpFirst = events.filter((e) => e.lotid === lost!.lotid && e.sourcesystem === "ERP").map((e) => e.time!).sort()[0]!;
    const since = erpFirst > lost!.time! ? erpFirst : lost!.time!;
    expect(lot.divergence.since).toBe(since);
    expect(lot.divergence.durationMs).toBe(now - Date.parse(since));
    expect(lot.statusBySystem.QMS).toMatchObject({ status: "rejected", since: lost!.time, position: "blocked" });
    expect(lot.statusBySystem.ERP!.position).toBe("released");
    expect(lot.plant).toBe(lost!.plant);
    expect(lot.events.map((e) => e.time)).toEqual([...lot.events.map((e) => e.time)].sort());

    // A lot whose hold did reach ERP agrees across systems.
    const heldLot = events.find((e) => e.type === BUSINESS_TYPES.holdPlaced && !events.some((x) => x.lotid === e.lotid && x.type === BUSINESS_TYPES.dispositionApproved))!;
    const agreed = await getLotView(ch, admin, heldLot.lotid!, now);
    if (agreed.status !== "ok") throw new Error(agreed.status);
    expect(agreed.lot.divergent, JSON.stringify(agreed.lot.history)).toBe(false);
    expect(agreed.lot.statusBySystem.ERP).toMatchObject({ status: "blocked", position: "blocked" });

    // Another plant's manager gets a refusal, not the lot.
    const otherPlant = ["P100", "P200", "P300", "P400", "P500"].find((p) => p !== lost!.plant)!;
    expect((await getLotView(ch, manager([otherPlant]), lost!.lotid!, now)).status).toBe("forbidden");
    expect((await getLotView(ch, manager([lost!.plant!]), lost!.lotid!, now)).status).toBe("ok");
    expect((await getLotView(ch, admin, "L-NO-SUCH-LOT", now)).status).toBe("not-found");
  });

  it("returns a trace's events in time order across systems, and a lot's and an order's whole story", async () => {
    const multi = events.find((e) => e.type === BUSINESS_TYPES.inspectionFailed)!;
    const expected = events.filter((e) => e.correlationid === multi.correlationid).sort((a, b) => a.time!.localeCompare(b.time!));
    const trace = await getTraceEvents(ch, multi.correlationid!);
    expect(trace.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(new Set(trace.map((e) => e.system)).size).toBeGreaterThanOrEqual(2);

    const lotCorrelations = new Set(events.filter((e) => e.lotid === multi.lotid).map((e) => e.correlationid));
    const timeline = await getKeyTimeline(ch, "lot", multi.lotid!);
    expect(new Set(timeline.map((e) => e.correlationId))).toEqual(lotCorrelations);
    expect(timeline.length).toBe(events.filter((e) => lotCorrelations.has(e.correlationid)).length);

    const produced = events.find((e) => e.type === BUSINESS_TYPES.lotProduced && (e.data as { operation: string }).operation === "assemble")!;
    const order = await getOrderView(ch, defaultViewDefinitions(), admin, produced.orderid!);
    if (order.status !== "ok") throw new Error(order.status);
    const consumed = events.filter((e) => e.orderid === produced.orderid && e.type === BUSINESS_TYPES.lotConsumed).map((e) => e.lotid);
    expect(order.order.lotsConsumed.map((l) => l.lotId)).toEqual([...new Set(consumed)]);
    expect(order.order.lotsProduced.map((l) => l.lotId)).toContain(produced.lotid);
    // The SLA engine's verdict names the workflow by its definition key (its display name is `name`).
    expect(order.order.workflows.map((w) => w.workflow?.key)).toContain("confirmation-to-inventory");
    expect(order.order.events.map((e) => e.time)).toEqual([...order.order.events.map((e) => e.time)].sort());
  });

  it("judges an instance from its events as from the stored aggregate: the same aggregate and verdict for every correlation id of the hour", async () => {
    const view = defaultViewDefinitions();
    const ids = [...new Set(events.map((e) => e.correlationid!))].sort();
    const now = Date.now();
    let judged = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const byId = new Map<string, Awaited<ReturnType<typeof getEventsOfTraces>>>();
      for (const e of await getEventsOfTraces(ch, chunk, 1_000_000)) byId.set(e.correlationId, [...(byId.get(e.correlationId) ?? []), e]);
      const fromEvents = chunk.map((id) => aggregateFromEvents(id, byId.get(id)!));
      const stored = await loadInstanceAggregates(ch, chunk);
      const sorted = (a: (typeof stored)[number]) => ({ ...a, lots: [...a.lots].sort(), orders: [...a.orders].sort() });
      expect(fromEvents.map(sorted)).toEqual(chunk.map((id) => sorted(stored.find((a) => a.correlationId === id)!)));
      // Lots and orders come in no particular order from the table (groupUniqArray).
      // Sorted by id: the stored aggregates come back in the table's order, which unmerged parts change.
      const judge = async (aggregates: typeof stored) =>
        [...(await judgeAggregates(ch, aggregates, view, now))].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([id, e]) => [id, { ...e, lots: [...e.lots].sort(), orders: [...e.orders].sort() }]);
      const [a, b] = [await judge(fromEvents), await judge(stored)];
      expect(a).toEqual(b);
      judged += a.length;
    }
    expect(judged).toBeGreaterThan(ids.length / 2);
  });

  it("finds every kind of key by exact id and prefix, shipments once, within the actor's plants", async () => {
    const received = events.find((e) => e.type === BUSINESS_TYPES.lotReceived)!;
    const supplierLot = (received.data as { supplierLot: string }).supplierLot;
    const hit = await searchIds(ch, supplierLot, null);
    expect(hit[0]).toMatchObject({ kind: "supplier_lot", id: supplierLot, target: received.lotid, exact: true, href: `/lots/${received.lotid}` });
    const shipment = events.find((e) => e.type === BUSINESS_TYPES.shipmentConfirmed)!;
    const ship = await searchIds(ch, shipment.lotid!, null);
    expect(ship.filter((r) => r.id === shipment.lotid).map((r) => r.kind)).toEqual(["shipment"]);
    const message = events.find((e) => e.messageid)!;
    expect((await searchIds(ch, message.messageid!, null))[0]).toMatchObject({ kind: "message", target: message.correlationid, href: `/trace/${message.correlationid}?message=${message.messageid}` });
    const traceId = events[0]!.traceparent!.split("-")[1]!;
    expect((await searchIds(ch, traceId, null))[0]).toMatchObject({ kind: "trace", target: events[0]!.correlationid });
    const prefix = await searchIds(ch, received.lotid!.slice(0, -2), null, 25);
    expect(prefix.length).toBeGreaterThan(1);
    expect(prefix.every((r) => r.id.startsWith(received.lotid!.slice(0, -2)))).toBe(true);
    expect(await searchIds(ch, received.lotid!, ["P999"])).toEqual([]);
  });

  it("narrows a search to kinds of id, telling shipments from lots", async () => {
    const shipment = events.find((e) => e.type === BUSINESS_TYPES.shipmentConfirmed)!.lotid!;
    expect((await searchIds(ch, shipment, null, 25, ["shipment"])).filter((r) => r.id === shipment).map((r) => r.kind)).toEqual(["shipment"]);
    expect((await searchIds(ch, shipment, null, 25, ["lot"])).some((r) => r.id === shipment)).toBe(false);
    const orders = await searchIds(ch, "PO-", null, 25, ["order"]);
    expect(orders.length).toBe(25);
    expect(new Set(orders.map((r) => r.kind))).toEqual(new Set(["order"]));
    const message = events.find((e) => e.messageid)!;
    const both = await searchIds(ch, message.correlationid!, null, 25, ["message", "correlation"]);
    expect(both.map((r) => r.kind)).toEqual(["correlation"]);
    expect(await searchIds(ch, message.correlationid!, null, 25, ["lot", "order"])).toEqual([]);
  });
});
