import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CloudEvent } from "../../lib/events/contract";
import { parseCloudEvent } from "../../lib/events/to-row";
import { plantCodes } from "./cli-args";
import { createRun, runRange, type FaultName, type RunOptions } from "./run";
import type { Outgoing } from "./stream-faults";
import { BUSINESS_TYPES, TELEMETRY_TYPES, WORKFLOW_SLAS, WORKFLOW_STEPS, WORKFLOWS, type LotOperation, type LotQuantity, type WorkflowName } from "./workflows";

// What `npm run simulate -- --seed 2024 --rate 120 --start 2026-11-24T06:00:00Z --duration 7200` sends.
const FROM = new Date("2026-11-24T06:00:00.000Z");
const TO = new Date(FROM.getTime() + 2 * 3_600_000);
const options = (faults: FaultName[] = [], seed = 2024, from = FROM): RunOptions => ({ seed, plants: plantCodes(5), workflowsPerMinute: 120, faults, from });

/** The estate's events as sent, without the transport's duplicates and malformed messages. */
const eventsOf = (out: Outgoing[]) => out.flatMap((o) => (o.kind === "event" && !o.duplicate ? [o.event] : []));
const data = <T>(e: CloudEvent) => e.data as T;
// A deep toEqual of a hundred thousand events takes seconds; their JSON says the same.
const digest = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");
const TRIGGERS = new Map<string, WorkflowName>(WORKFLOWS.map((w) => [WORKFLOW_STEPS[w][0], w]));

function instances(events: CloudEvent[]): { workflow: WorkflowName; events: CloudEvent[] }[] {
  const by = new Map<string, CloudEvent[]>();
  for (const e of events) by.set(e.correlationid!, [...(by.get(e.correlationid!) ?? []), e]);
  return [...by.values()].map((group) => ({ workflow: TRIGGERS.get(group[0]!.type)!, events: group }));
}

const baseline = runRange(options(), TO);
const events = eventsOf(baseline);

describe("simulator v2: a run of npm run simulate", () => {
  it("is the same for the same seed and start, however it is sliced, and differs for another seed or start", () => {
    expect(digest(runRange(options(), TO))).toBe(digest(baseline));
    const run = createRun(options());
    const sliced: Outgoing[] = [];
    for (let t = FROM.getTime() + 7_000; t < TO.getTime(); t += 7_000) sliced.push(...run.advance(new Date(t)));
    sliced.push(...run.advance(TO));
    expect(sliced.length).toBe(baseline.length);
    expect(digest(sliced)).toBe(digest(baseline));

    const ids = new Set(events.map((e) => e.id));
    const tenMinutes = (from: Date) => new Date(from.getTime() + 10 * 60_000);
    const otherSeed = eventsOf(runRange(options([], 2025), tenMinutes(FROM)));
    const later = new Date(FROM.getTime() + 60_000);
    const otherStart = eventsOf(runRange(options([], 2024, later), tenMinutes(later)));
    expect(otherSeed.length * otherStart.length).toBeGreaterThan(0);
    expect(otherSeed.some((e) => ids.has(e.id))).toBe(false);
    expect(otherStart.some((e) => ids.has(e.id))).toBe(false);
  });

  it("runs every default workflow at five plants across ERP, MES, QMS, WMS, CMMS, the supplier portal and the middleware", () => {
    expect(new Set(events.map((e) => e.plant))).toEqual(new Set(["P100", "P200", "P300", "P400", "P500"]));
    const systems = new Set(events.map((e) => e.sourcesystem));
    for (const s of ["ERP", "MES", "QMS", "WMS", "CMMS", "SUPPLIER", "MIDDLEWARE"] as const) expect(systems.has(s), s).toBe(true);
    const started = new Set(instances(events).map((i) => i.workflow));
    expect([...started].sort()).toEqual([...WORKFLOWS].sort());
    for (const e of events) {
      const parsed = parseCloudEvent(e, TO);
      if (!parsed.ok) throw new Error(`${e.type}: ${parsed.reason}`);
    }
  });
});

describe("simulator v2: lot genealogy built from the events", () => {
  // Child → its parents, from the payloads alone, as a genealogy table would be fed.
  const parents = new Map<string, LotQuantity[]>();
  const operation = new Map<string, LotOperation>();
  const createdAt = new Map<string, number>();
  const item = new Map<string, string>();
  const quantity = new Map<string, number>();
  for (const e of events) {
    if (e.type === BUSINESS_TYPES.lotReceived || e.type === BUSINESS_TYPES.lotProduced) {
      createdAt.set(e.lotid!, Date.parse(e.time!));
      item.set(e.lotid!, data<{ item: string }>(e).item);
      quantity.set(e.lotid!, data<{ quantity: number }>(e).quantity);
    }
    if (e.type === BUSINESS_TYPES.lotProduced || e.type === BUSINESS_TYPES.shipmentConfirmed) {
      const d = data<{ inputs: LotQuantity[]; operation: LotOperation }>(e);
      parents.set(e.lotid!, d.inputs);
      operation.set(e.lotid!, d.operation);
    }
  }
  const children = new Map<string, string[]>();
  for (const [child, inputs] of parents) for (const p of inputs) children.set(p.lotId, [...(children.get(p.lotId) ?? []), child]);
  const depths = new Map<string, number>();
  const depth = (lot: string): number => {
    const known = depths.get(lot);
    if (known !== undefined) return known;
    const d = 1 + Math.max(0, ...(parents.get(lot) ?? []).map((p) => depth(p.lotId)));
    depths.set(lot, d);
    return d;
  };
  const lotsWith = (op: LotOperation) => [...operation].filter(([, o]) => o === op).map(([lot]) => lot);

  it("runs five levels or more, from supplier lots through intermediates, sub-assemblies and finished goods to shipments", () => {
    const shipments = lotsWith("ship");
    expect(shipments.length).toBeGreaterThan(0);
    const deepest = shipments.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    expect(depth(deepest)).toBeGreaterThanOrEqual(5);
    const received = new Set(events.filter((e) => e.type === BUSINESS_TYPES.lotReceived).map((e) => e.lotid));
    const roots = (lot: string): string[] => (parents.has(lot) ? parents.get(lot)!.flatMap((p) => roots(p.lotId)) : [lot]);
    for (const r of roots(deepest)) expect(received.has(r), r).toBe(true);
    // Every parent existed before its child was made from it.
    for (const [child, inputs] of parents) {
      if (operation.get(child) === "ship") continue;
      for (const p of inputs) expect(createdAt.get(p.lotId), `${p.lotId} > ${child}`).toBeLessThan(createdAt.get(child)!);
    }
  });

  it("splits lots: one parent, several children of its item whose quantities add up to it", () => {
    const splitParents = new Set(lotsWith("split").map((lot) => parents.get(lot)![0]!.lotId));
    expect(splitParents.size).toBeGreaterThan(0);
    for (const parent of splitParents) {
      const halves = children.get(parent)!.filter((c) => operation.get(c) === "split");
      expect(halves.length).toBeGreaterThanOrEqual(2);
      expect(halves.every((h) => item.get(h) === item.get(parent))).toBe(true);
      expect(halves.reduce((sum, h) => sum + quantity.get(h)!, 0)).toBe(quantity.get(parent));
    }
  });

  it("merges lots: several whole lots of one item into one lot of that item", () => {
    const merged = lotsWith("merge");
    expect(merged.length).toBeGreaterThan(0);
    for (const lot of merged) {
      const inputs = parents.get(lot)!;
      expect(inputs.length).toBeGreaterThanOrEqual(2);
      expect(inputs.every((p) => item.get(p.lotId) === item.get(lot) && p.quantity === quantity.get(p.lotId))).toBe(true);
      expect(quantity.get(lot)).toBe(inputs.reduce((sum, p) => sum + p.quantity, 0));
    }
  });

  it("reworks lots that ERP put on hold, and assembles lots of different items", () => {
    const heldAt = new Map<string, number>();
    for (const e of events.filter((x) => x.type === BUSINESS_TYPES.holdPlaced)) heldAt.set(e.lotid!, Math.min(Date.parse(e.time!), heldAt.get(e.lotid!) ?? Infinity));
    const reworked = lotsWith("rework");
    expect(reworked.length).toBeGreaterThan(0);
    for (const lot of reworked) {
      const [input] = parents.get(lot)!;
      expect(heldAt.get(input!.lotId), input!.lotId).toBeLessThan(createdAt.get(lot)!);
    }
    expect(lotsWith("assemble").some((lot) => new Set(parents.get(lot)!.map((p) => item.get(p.lotId))).size > 1)).toBe(true);
  });

  it("names the produced lot on every consumption, matching the produced lot's inputs", () => {
    const produced = new Map(events.filter((e) => e.type === BUSINESS_TYPES.lotProduced).map((e) => [`${e.correlationid}/${e.lotid}`, e]));
    const consumed = events.filter((e) => e.type === BUSINESS_TYPES.lotConsumed);
    expect(consumed.length).toBeGreaterThan(100);
    for (const c of consumed) {
      const d = data<{ quantity: number; operation: LotOperation; outputs: LotQuantity[] }>(c);
      const child = produced.get(`${c.correlationid}/${d.outputs[0]!.lotId}`);
      // The produced event is cut off when the run ends between consumption and production.
      if (!child) continue;
      expect(data<{ operation: LotOperation }>(child).operation).toBe(d.operation);
      expect(data<{ inputs: LotQuantity[] }>(child).inputs).toContainEqual({ lotId: c.lotid, quantity: d.quantity, uom: data<{ uom: string }>(c).uom });
    }
  });

  it("names a lot's own supplier on every event about that lot (receipt, CAPA, supplier status)", () => {
    const supplierOf = new Map(events.filter((e) => e.type === BUSINESS_TYPES.lotReceived).map((e) => [e.lotid!, data<{ supplier: string }>(e).supplier]));
    const naming = events.filter((e) => e.lotid && supplierOf.has(e.lotid) && typeof data<{ supplier?: unknown }>(e).supplier === "string");
    const capas = naming.filter((e) => e.type === BUSINESS_TYPES.capaClosed);
    expect(capas.length, "the run closes CAPAs over received lots").toBeGreaterThan(5);
    for (const e of naming) expect(data<{ supplier: string }>(e).supplier, `${e.type} on ${e.lotid}`).toBe(supplierOf.get(e.lotid!));
  });
});

describe("simulator v2: faults, each switched on by its flag and absent when off", () => {
  const toQms = (evs: CloudEvent[]) => evs.filter((e) => e.type.startsWith("integration.") && data<{ to?: string }>(e).to === "QMS");

  it("qms-outage: every delivery to QMS fails with 503, is retried and dead-lettered; QMS never gets a receipt", () => {
    const outage = eventsOf(runRange(options(["qms-outage"]), TO));
    const messages = toQms(outage);
    expect(messages.filter((e) => e.type === TELEMETRY_TYPES.retried).length).toBeGreaterThan(0);
    expect(messages.filter((e) => e.type === TELEMETRY_TYPES.deadLettered).length).toBeGreaterThan(0);
    expect(messages.some((e) => e.type === TELEMETRY_TYPES.delivered)).toBe(false);
    expect(messages.filter((e) => e.type === TELEMETRY_TYPES.failed).every((e) => data<{ httpStatus: number }>(e).httpStatus === 503)).toBe(true);
    expect(outage.some((e) => e.type === BUSINESS_TYPES.inspectionCreated)).toBe(false);

    expect(toQms(events).some((e) => e.type === TELEMETRY_TYPES.delivered)).toBe(true);
    expect(events.some((e) => e.type === BUSINESS_TYPES.inspectionCreated)).toBe(true);
  });

  // The workflows whose SLA ends with an ERP posting.
  const erpPostings = (evs: CloudEvent[]) =>
    instances(evs).flatMap(({ workflow, events: chain }) => {
      const sla = WORKFLOW_SLAS[workflow];
      const end = chain.find((e) => e.type === sla.until && e.sourcesystem === "ERP");
      return end ? [{ workflow, late: Date.parse(end.time!) - Date.parse(chain[0]!.time!) > sla.ms }] : [];
    });

  it("late-erp: every ERP posting that closes an SLA lands after it", () => {
    const late = erpPostings(eventsOf(runRange(options(["late-erp"]), TO)));
    expect(new Set(late.map((p) => p.workflow))).toEqual(
      new Set(["inspection-to-hold", "confirmation-to-inventory", "disposition-to-release", "order-to-shipment", "supplier-capa-sync", "downtime-to-planning"]),
    );
    expect(late.every((p) => p.late)).toBe(true);
    const onTime = erpPostings(events);
    expect(onTime.filter((p) => p.late).length / onTime.length).toBeLessThan(0.15);
  });

  // Lots QMS failed whose message ERP accepted (in time for a hold) but where ERP never posted a hold.
  const lostHolds = (evs: CloudEvent[]) => {
    const erpHeld = new Set(evs.filter((e) => e.type === BUSINESS_TYPES.holdPlaced && e.sourcesystem === "ERP").map((e) => e.lotid));
    return instances(evs)
      .filter(({ workflow }) => workflow === "inspection-to-hold")
      .filter(({ events: chain }) => chain.some((e) => e.type === TELEMETRY_TYPES.delivered && Date.parse(e.time!) < TO.getTime() - 20 * 60_000))
      .map(({ events: chain }) => chain[0]!)
      .filter((failed) => failed.sourcesystem === "QMS" && !erpHeld.has(failed.lotid));
  };

  it("lost-hold: QMS failed the lot and the middleware delivered it, yet ERP never holds that lot", () => {
    const lost = lostHolds(eventsOf(runRange(options(["lost-hold"]), TO)));
    expect(lost.length).toBeGreaterThan(0);
    expect(lostHolds(events)).toEqual([]);
  });

  it("duplicates: some events are sent again with the same id and content; the estate's events are unchanged", () => {
    const out = runRange(options(["duplicates"]), TO);
    const dupes = out.flatMap((o, i) => (o.kind === "event" && o.duplicate ? [[out[i - 1]!, o] as const] : []));
    expect(dupes.length).toBeGreaterThan(50);
    for (const [original, again] of dupes) expect(again.kind === "event" && original.kind === "event" && again.event === original.event).toBe(true);
    const ids = out.flatMap((o) => (o.kind === "event" ? [o.event.id] : []));
    expect(new Set(ids).size).toBe(ids.length - dupes.length);
    expect(digest(eventsOf(out))).toBe(digest(events));

    const baselineIds = events.map((e) => e.id);
    expect(new Set(baselineIds).size).toBe(baselineIds.length);
  });

  it("malformed: some messages are not valid CloudEvents (missing id, wrong specversion) or not JSON at all", () => {
    const out = runRange(options(["malformed"]), TO);
    const bad = out.flatMap((o) => (o.kind === "malformed" ? [o] : []));
    expect(bad.length).toBeGreaterThan(20);
    expect(new Set(bad.map((b) => b.reason))).toEqual(new Set(["not JSON", "wrong specversion", "missing id", "missing type"]));
    for (const b of bad) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(b.raw);
      } catch {
        expect(b.reason).toBe("not JSON");
        continue;
      }
      expect(parseCloudEvent(parsed, TO).ok, b.reason).toBe(false);
    }
    expect(baseline.some((o) => o.kind === "malformed")).toBe(false);
  });
});
