import type { ClickHouseClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateRange } from "../ingest/simulator/estate";
import type { CloudEvent } from "../lib/events/contract";
import { BUSINESS_TYPES } from "../lib/workflows/catalog";
import { embeddedTestEnv } from "./embedded-env";
import { closure } from "./genealogy-closure";

const dir = embeddedTestEnv("exceptions-impact");

const { getRuntime } = await import("../server/runtime");
const { impactOf } = await import("../lib/exceptions/impact");

const TO = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
const FROM = new Date(TO.getTime() - 3_600_000);
const T0 = TO.getTime() - 7_200_000;

let n = 0;
function event(type: string, system: string, lotid: string, data: Record<string, unknown>, orderid?: string): CloudEvent {
  n++;
  return {
    specversion: "1.0",
    id: `evt-impact-${String(n).padStart(4, "0")}`,
    source: `/plants/P100/${system.toLowerCase()}`,
    type,
    time: new Date(T0 + n * 1000).toISOString(),
    datacontenttype: "application/json",
    sourcesystem: system,
    plant: "P100",
    correlationid: `corr-impact-${String(n).padStart(4, "0")}`,
    lotid,
    ...(orderid ? { orderid } : {}),
    data,
  } as CloudEvent;
}

const produced = (lot: string, order: string, parents: string[], operation = "produce") =>
  event(BUSINESS_TYPES.lotProduced, "MES", lot, { item: "ASSY", quantity: 10, uom: "EA", operation, inputs: parents.map((p) => ({ lotId: p, quantity: 5, uom: "EA" })) }, order);
const consumed = (lot: string, order: string, into: string) => event(BUSINESS_TYPES.lotConsumed, "MES", lot, { item: "RAW", quantity: 5, uom: "KG", outputs: [{ lotId: into, quantity: 10, uom: "EA" }] }, order);
const shipped = (shipment: string, customer: string, lots: string[]) =>
  event(BUSINESS_TYPES.shipmentConfirmed, "WMS", shipment, { customer, operation: "ship", inputs: lots.map((l) => ({ lotId: l, quantity: 1, uom: "EA" })) });

/**
 * A supplier lot whose hold never reached ERP, and everything made from it: two intermediates
 * (one of them also from a second supplier lot), a finished lot made from both by a merge, a
 * rework loop back into an intermediate, and three shipments to two customers. An unrelated
 * chain beside it must not count.
 */
const CHAIN: CloudEvent[] = [
  event(BUSINESS_TYPES.lotReceived, "ERP", "X-RAW-1", { item: "RES", supplier: "Polymer Supply GmbH", supplierLot: "S10-AAAAAA", quantity: 500, uom: "KG" }),
  event(BUSINESS_TYPES.lotReceived, "ERP", "X-RAW-2", { item: "STL", supplier: "Nordic Steel AB", supplierLot: "S11-BBBBBB", quantity: 500, uom: "KG" }),
  event(BUSINESS_TYPES.inspectionFailed, "QMS", "X-RAW-1", { characteristic: "moisture content" }, "X-PO-1"),
  consumed("X-RAW-1", "X-PO-1", "X-INT-1"),
  produced("X-INT-1", "X-PO-1", ["X-RAW-1"]),
  consumed("X-RAW-1", "X-PO-2", "X-INT-2"),
  consumed("X-RAW-2", "X-PO-2", "X-INT-2"),
  produced("X-INT-2", "X-PO-2", ["X-RAW-1", "X-RAW-2"], "assemble"),
  produced("X-FG-1", "X-PO-3", ["X-INT-1", "X-INT-2"], "merge"),
  produced("X-INT-1", "X-PO-4", ["X-FG-1"], "rework"),
  // Consumed into an order that has not produced anything yet: that order is touched too.
  consumed("X-FG-1", "X-PO-5", "X-FG-9"),
  shipped("X-SHP-1", "Hydra Systems AG", ["X-FG-1"]),
  shipped("X-SHP-2", "Aquaflow Inc.", ["X-FG-1"]),
  shipped("X-SHP-3", "Hydra Systems AG", ["X-INT-2"]),
  event(BUSINESS_TYPES.lotReceived, "ERP", "Y-RAW-1", { item: "PCB", supplier: "Circuit Works Ltd", supplierLot: "S12-CCCCCC", quantity: 100, uom: "EA" }),
  produced("Y-FG-1", "Y-PO-1", ["Y-RAW-1"]),
  shipped("Y-SHP-1", "Nordpump AS", ["Y-FG-1"]),
];

let ch!: ClickHouseClient;
let events: CloudEvent[];

beforeAll(async () => {
  const runtime = await getRuntime();
  ch = runtime.clickhouse;
  events = simulateRange({ seed: 1010, workflowsPerMinute: 120 }, FROM, TO);
  for (const [i, batch] of [CHAIN, ...Array.from({ length: Math.ceil(events.length / 10_000) }, (_, k) => events.slice(k * 10_000, (k + 1) * 10_000))].entries()) {
    const result = await runtime.ingest.ingest(batch, { channel: "simulator", requestId: `impact-${i}` });
    expect(result.rejected).toEqual([]);
  }
  // A redelivered production event adds no second edge nor a second lot.
  await runtime.ingest.ingest([CHAIN[8]!], { channel: "http", requestId: "impact-dup" });
}, 120_000);

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("business impact through genealogy (real chDB)", () => {
  it("counts every lot, order, shipment and customer made from a held supplier lot", async () => {
    const impact = await impactOf(ch, { lots: ["X-RAW-1"], orders: [] });
    expect(impact).toEqual({
      lots: 4,
      descendantLots: 3,
      orders: 5,
      shipments: 3,
      customers: 2,
      capped: false,
      sample: {
        lots: ["X-RAW-1", "X-INT-1", "X-INT-2", "X-FG-1"],
        orders: ["X-PO-1", "X-PO-2", "X-PO-3", "X-PO-4", "X-PO-5"],
        shipments: ["X-SHP-1", "X-SHP-2", "X-SHP-3"],
        customers: ["Aquaflow Inc.", "Hydra Systems AG"],
      },
    });
  });

  it("starts from an order's own output, puts the input orders first, and knows a shipment named directly", async () => {
    const viaOrder = await impactOf(ch, { lots: [], orders: ["X-PO-3", "X-PO-404"] });
    expect(viaOrder).toMatchObject({ lots: 2, descendantLots: 1, shipments: 2, customers: 2, capped: false });
    expect(viaOrder.sample.shipments).toEqual(["X-SHP-1", "X-SHP-2"]);
    expect(viaOrder.sample.lots).toEqual(["X-FG-1", "X-INT-1"]);
    expect(viaOrder.sample.orders.slice(0, 2)).toEqual(["X-PO-3", "X-PO-404"]);
    expect(await impactOf(ch, { lots: ["Y-SHP-1"], orders: [] })).toMatchObject({ lots: 0, shipments: 1, customers: 1, descendantLots: 0, sample: { shipments: ["Y-SHP-1"], customers: ["Nordpump AS"] } });
    expect(await impactOf(ch, { lots: ["NO-SUCH-LOT"], orders: [] })).toMatchObject({ lots: 1, orders: 0, shipments: 0, customers: 0, capped: false });
    expect(await impactOf(ch, { lots: [], orders: [] })).toMatchObject({ lots: 0, orders: 0, shipments: 0, customers: 0, capped: false });
  });

  it("caps a walk at its lot and depth limits and says so", async () => {
    const byLots = await impactOf(ch, { lots: ["X-RAW-1"], orders: [] }, { maxDepth: 12, maxLots: 3 });
    expect(byLots.capped).toBe(true);
    expect(byLots.lots + byLots.shipments).toBe(3);
    expect(byLots.sample.lots).toEqual(["X-RAW-1", "X-INT-1", "X-INT-2"]);
    const byDepth = await impactOf(ch, { lots: ["X-RAW-1"], orders: [] }, { maxDepth: 1, maxLots: 100 });
    expect(byDepth).toMatchObject({ lots: 3, shipments: 0, capped: true });
    expect((await impactOf(ch, { lots: ["X-RAW-1"], orders: [] }, { maxDepth: 3, maxLots: 8 })).capped).toBe(false);
  });

  it("matches the genealogy of a simulated hour: every supplier lot's descendants, shipments and customers", async () => {
    const children = new Map<string, string[]>();
    const customerOf = new Map<string, string>();
    for (const e of events) {
      if (e.type !== BUSINESS_TYPES.lotProduced && e.type !== BUSINESS_TYPES.shipmentConfirmed) continue;
      const data = e.data as { inputs: { lotId: string }[]; customer?: string };
      for (const input of data.inputs) children.set(input.lotId, [...(children.get(input.lotId) ?? []), e.lotid!]);
      if (e.type === BUSINESS_TYPES.shipmentConfirmed) customerOf.set(e.lotid!, data.customer!);
    }
    const received = events.filter((e) => e.type === BUSINESS_TYPES.lotReceived).map((e) => e.lotid!);
    const withShipments = received.filter((lot) => [...closure(lot, (l) => children.get(l) ?? []).keys()].some((l) => customerOf.has(l)));
    expect(withShipments.length, "the simulated hour ships goods made from its supplier lots").toBeGreaterThan(2);
    for (const lot of withShipments.slice(0, 5)) {
      const touched = closure(lot, (l) => children.get(l) ?? []);
      const shipments = [...touched.keys()].filter((l) => customerOf.has(l));
      const orders = new Set(events.filter((e) => e.lotid !== undefined && touched.has(e.lotid) && e.orderid).map((e) => e.orderid!));
      const impact = await impactOf(ch, { lots: [lot], orders: [] });
      expect(impact).toMatchObject({
        lots: touched.size - shipments.length,
        descendantLots: touched.size - shipments.length - 1,
        shipments: shipments.length,
        customers: new Set(shipments.map((s) => customerOf.get(s))).size,
        orders: orders.size,
        capped: false,
      });
      expect(impact.sample.lots[0]).toBe(lot);
    }
    // Every supplier lot of the hour at once: one walk, the union of their descendants.
    const all = new Set(received.flatMap((lot) => [...closure(lot, (l) => children.get(l) ?? []).keys()]));
    const union = await impactOf(ch, { lots: received, orders: [] });
    expect(union.lots + union.shipments).toBe(all.size);
    expect(union.shipments).toBe([...all].filter((l) => customerOf.has(l)).length);
  });
});
