import { describe, expect, it } from "vitest";
import type { CloudEvent } from "../../lib/events/contract";
import { parseCloudEvent } from "../../lib/events/to-row";
import { createRng } from "./random";
import {
  BUSINESS_TYPES,
  STEPS_BEFORE_HANDOFF,
  TELEMETRY_TYPES,
  WORKFLOW_SLAS,
  WORKFLOW_STEPS,
  confirmationToInventory,
  dispositionToRelease,
  downtimeToPlanning,
  inspectionToHold,
  orderToShipment,
  supplierCapaSync,
  orderReleaseToMes,
  receiptToInspection,
  type InstanceInput,
  type WorkflowInstance,
  type WorkflowName,
} from "./workflows";

const START = Date.parse("2026-11-22T08:00:00.000Z");
const TELEMETRY = new Set<string>(Object.values(TELEMETRY_TYPES));

function input(seed: number, failureRate: number): InstanceInput {
  return { rng: createRng(seed), plant: "P100", start: START, failureRate };
}

const build: Record<WorkflowName, (i: InstanceInput) => WorkflowInstance<unknown>> = {
  "receipt-to-inspection": (i) => receiptToInspection({ ...i, lotid: "L-P100-000001" }),
  "order-release-to-mes": (i) => orderReleaseToMes({ ...i, orderid: "PO-P100-000001" }),
  "confirmation-to-inventory": (i) =>
    confirmationToInventory({
      ...i,
      order: { orderid: "PO-P100-000001", item: "HSG-PUMP-200", quantity: 100 },
      inputLots: [
        { lotid: "L-P100-000001", item: "RES-PA66-GF30", uom: "KG" },
        { lotid: "L-P100-000002", item: "SEAL-EPDM-40", uom: "EA" },
      ],
      producedLotid: "L-P100-000003",
    }),
  "inspection-to-hold": (i) => inspectionToHold({ ...i, lotid: "L-P100-000001", orderid: "PO-P100-000001" }),
  "disposition-to-release": (i) => dispositionToRelease({ ...i, lotid: "L-P100-000001" }),
  "order-to-shipment": (i) => orderToShipment({ ...i, shipmentId: "SHP-P100-000001", lots: [{ lotid: "L-P100-000009", item: "HSG-PUMP-200", uom: "EA", level: 3, quantity: 40 }] }),
  "supplier-capa-sync": (i) => supplierCapaSync({ ...i, lot: { lotid: "L-P100-000001", item: "SEAL-EPDM-40", uom: "EA", level: 0 } }),
  "downtime-to-planning": (i) => downtimeToPlanning(i),
};

const workflows = Object.keys(build) as WorkflowName[];
const typesOf = (events: { event: CloudEvent }[]) => events.map((s) => s.event.type);
const business = (types: string[]) => types.filter((t) => !TELEMETRY.has(t));
/** Collapses repeats, so "consumed, consumed, produced" matches the step list "consumed, produced". */
const distinctRuns = (types: string[]) => types.filter((t, i) => t !== types[i - 1]);

describe.each(workflows)("workflow %s", (workflow) => {
  const runs = Array.from({ length: 150 }, (_, n) => build[workflow](input(n + 1, 0.3)));

  it("is a pure function of its rng", () => {
    expect(build[workflow](input(42, 0.3))).toEqual(build[workflow](input(42, 0.3)));
    expect(build[workflow](input(43, 0.3)).events.map((s) => s.event.id)).not.toEqual(build[workflow](input(42, 0.3)).events.map((s) => s.event.id));
  });

  it("emits valid CloudEvents whose rows carry the right system, kind and status", () => {
    const expectedStatus: Record<string, string> = {
      [TELEMETRY_TYPES.failed]: "failed",
      [TELEMETRY_TYPES.retried]: "retrying",
      [TELEMETRY_TYPES.deadLettered]: "dead_lettered",
    };
    for (const run of runs) {
      for (const { event, due } of run.events) {
        const parsed = parseCloudEvent(event, new Date());
        if (!parsed.ok) throw new Error(`${event.type}: ${parsed.reason}`);
        const telemetry = TELEMETRY.has(event.type);
        expect(parsed.row).toMatchObject({
          kind: telemetry ? "telemetry" : "business",
          source_system: telemetry ? "MIDDLEWARE" : event.sourcesystem,
          status: expectedStatus[event.type] ?? "ok",
          plant: "P100",
          correlation_id: run.correlationid,
        });
        expect(event.source).toBe(`/plants/P100/${parsed.row.source_system.toLowerCase()}`);
        expect(event.id).toMatch(/^evt-[0-9a-f]{20}$/);
        expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(Date.parse(event.time!)).toBe(due);
        expect(event.datacontenttype).toBe("application/json");
        expect(event.data).toBeTypeOf("object");
        if (telemetry) expect(event.messageid).toMatch(/^msg-[0-9a-f]{16}$/);
        if (event.type === TELEMETRY_TYPES.failed || event.type === TELEMETRY_TYPES.deadLettered) expect(event.errormessage).toBeTruthy();
        if (event.type === TELEMETRY_TYPES.failed || event.type === TELEMETRY_TYPES.delivered) expect(event.durationms).toBeGreaterThan(0);
      }
    }
  });

  it("keeps one correlation id, one trace and one message id per instance, with a fresh span per event", () => {
    for (const run of runs) {
      const events = run.events.map((s) => s.event);
      expect(run.correlationid).toMatch(/^corr-[0-9a-f]{16}$/);
      expect(new Set(events.map((e) => e.correlationid))).toEqual(new Set([run.correlationid]));
      expect(new Set(events.map((e) => e.traceparent!.split("-")[1])).size).toBe(1);
      expect(new Set(events.map((e) => e.traceparent!.split("-")[2])).size).toBe(events.length);
      expect(new Set(events.filter((e) => TELEMETRY.has(e.type)).map((e) => e.messageid)).size).toBe(1);
    }
  });

  it("follows its step order in strictly increasing time, with the hand-off in between", () => {
    const steps: readonly string[] = WORKFLOW_STEPS[workflow];
    const before = STEPS_BEFORE_HANDOFF[workflow];
    for (const run of runs) {
      const times = run.events.map((s) => s.due);
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
      expect(times[0]).toBe(START);

      const types = typesOf(run.events);
      const deadLettered = types.includes(TELEMETRY_TYPES.deadLettered);
      expect(distinctRuns(business(types))).toEqual(deadLettered ? steps.slice(0, before) : steps);

      const firstTelemetry = types.findIndex((t) => TELEMETRY.has(t));
      const lastTelemetry = types.findLastIndex((t) => TELEMETRY.has(t));
      expect(distinctRuns(business(types.slice(0, firstTelemetry)))).toEqual(steps.slice(0, before));
      expect(distinctRuns(business(types.slice(lastTelemetry + 1)))).toEqual(deadLettered ? [] : steps.slice(before));
    }
  });

  it("sends each message received → transformed → (failed → retried)* → delivered | failed → dead-lettered", () => {
    const shape = /^received transformed (delivered|(failed retried )+delivered|(failed retried )*failed deadlettered)$/;
    let failedOnce = 0;
    for (const run of runs) {
      const telemetry = typesOf(run.events)
        .filter((t) => TELEMETRY.has(t))
        .map((t) => t.slice("integration.message.".length))
        .join(" ");
      expect(telemetry).toMatch(shape);
      if (telemetry.includes("failed")) failedOnce++;
    }
    // failureRate 0.3 over 150 instances.
    expect(failedOnce).toBeGreaterThan(25);
    expect(failedOnce).toBeLessThan(75);
  });

  it("mostly meets its SLA, and sometimes does not", () => {
    const sla = WORKFLOW_SLAS[workflow];
    const healthy = Array.from({ length: 400 }, (_, n) => build[workflow](input(1_000 + n, 0)));
    const elapsed = healthy.map((run) => run.events.find((s) => s.event.type === sla.until)!.due - START);
    const breached = elapsed.filter((ms) => ms > sla.ms).length;
    expect(breached).toBeGreaterThan(0);
    expect(breached / elapsed.length).toBeLessThan(0.12);
  });
});

describe("workflow payloads and business keys", () => {
  it("order release carries the order, BOM and routing revision, and MES acknowledges the same order", () => {
    const run = orderReleaseToMes({ ...input(5, 0), orderid: "PO-P100-000456" });
    const [released] = run.events.map((s) => s.event);
    expect(released!.data).toMatchObject({ item: expect.any(String), quantity: expect.any(Number), bomRevision: expect.stringMatching(/^B\d\d$/), routingRevision: expect.stringMatching(/^R\d\d$/) });
    expect(run.events.every((s) => s.event.orderid === "PO-P100-000456" && s.event.lotid === undefined)).toBe(true);
    expect(run.outcome.acknowledgedAt).toBe(run.events.at(-1)!.due);
    expect(run.outcome.order).toMatchObject({ orderid: "PO-P100-000456", item: (released!.data as { item: string }).item });
  });

  it("a failed inspection names the lot and the order that consumed it, and a measurement outside its limit", () => {
    const run = inspectionToHold({ ...input(6, 0), lotid: "L-P100-000123", orderid: "PO-P100-000456" });
    const events = run.events.map((s) => s.event);
    expect(events.every((e) => e.lotid === "L-P100-000123" && e.orderid === "PO-P100-000456")).toBe(true);
    const data = events[0]!.data as { characteristic: string; measured: number; limit: number };
    expect(data.characteristic).toBeTruthy();
    expect(data.measured).not.toBe(data.limit);
    expect(events.find((e) => e.type === BUSINESS_TYPES.workOrderFlagged)!.data).toMatchObject({ workOrders: ["PO-P100-000456"] });
    expect(run.outcome.heldAt).toBe(run.events.find((s) => s.event.type === BUSINESS_TYPES.holdPlaced)!.due);
  });

  it("a dead-lettered hold never reaches ERP, MES or analytics", () => {
    let deadLettered = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const run = inspectionToHold({ ...input(seed, 1), lotid: "L-P100-000123", orderid: "PO-P100-000456" });
      const types = typesOf(run.events);
      if (!types.includes(TELEMETRY_TYPES.deadLettered)) continue;
      deadLettered++;
      expect(run.outcome.heldAt).toBeNull();
      expect(types).not.toContain(BUSINESS_TYPES.holdPlaced);
      expect(types).not.toContain(BUSINESS_TYPES.workOrderFlagged);
      expect(types).not.toContain(BUSINESS_TYPES.analyticsRefreshed);
      expect(types.at(-1)).toBe(TELEMETRY_TYPES.deadLettered);
    }
    expect(deadLettered).toBeGreaterThan(20);
    expect(deadLettered).toBeLessThan(80);
  });

  it("a lot receipt names item, supplier, supplier lot, quantity and unit", () => {
    const run = receiptToInspection({ ...input(7, 0), lotid: "L-P100-000777" });
    expect(run.events[0]!.event.data).toMatchObject({
      item: run.outcome.lot.item,
      supplier: expect.any(String),
      supplierLot: expect.any(String),
      quantity: expect.any(Number),
      uom: run.outcome.lot.uom,
    });
    expect(run.events.every((s) => s.event.lotid === "L-P100-000777")).toBe(true);
    expect(run.outcome.releasedAt).toBe(run.events.find((s) => s.event.type === BUSINESS_TYPES.stockStatusUpdated)!.due);
  });

  it("a confirmation consumes each input lot into the order and produces a child lot that names its parents", () => {
    const run = build["confirmation-to-inventory"](input(8, 0)) as ReturnType<typeof confirmationToInventory>;
    const events = run.events.map((s) => s.event);
    const consumed = events.filter((e) => e.type === BUSINESS_TYPES.lotConsumed);
    expect(consumed.map((e) => e.lotid)).toEqual(["L-P100-000001", "L-P100-000002"]);
    expect(consumed.every((e) => e.orderid === "PO-P100-000001" && typeof (e.data as { quantity: unknown }).quantity === "number")).toBe(true);
    const produced = events.find((e) => e.type === BUSINESS_TYPES.lotProduced)!;
    expect(produced).toMatchObject({ lotid: "L-P100-000003", orderid: "PO-P100-000001", data: { operation: "assemble", quantity: 100 } });
    const inputs = (produced.data as { inputs: { lotId: string; quantity: number }[] }).inputs;
    expect(inputs.map((i) => i.lotId)).toEqual(["L-P100-000001", "L-P100-000002"]);
    expect(inputs.map((i) => i.quantity)).toEqual(consumed.map((e) => (e.data as { quantity: number }).quantity));
    expect(run.outcome.consumed.map((c) => c.lotid)).toEqual(["L-P100-000001", "L-P100-000002"]);
    expect(run.outcome.produced.map((p) => p.lot)).toEqual([{ lotid: "L-P100-000003", item: "HSG-PUMP-200", uom: "EA", level: 1, quantity: 100 }]);
  });

  it("a split produces two child lots of the produced lot, after it", () => {
    const run = confirmationToInventory({
      ...input(9, 0),
      order: { orderid: "PO-P100-000001", item: "SUB-MOTOR-80", quantity: 101, level: 2 },
      inputLots: [{ lotid: "L-P100-000001", item: "BLANK-HSG-200", uom: "EA", level: 1 }],
      producedLotid: "L-P100-000003",
      splitInto: ["L-P100-000004", "L-P100-000005"],
    });
    const splits = run.events.map((s) => s.event).filter((e) => (e.data as { operation?: string }).operation === "split");
    expect(splits.map((e) => [e.lotid, (e.data as { inputs: { lotId: string; quantity: number }[] }).inputs])).toEqual([
      ["L-P100-000004", [{ lotId: "L-P100-000003", quantity: 50, uom: "EA" }]],
      ["L-P100-000005", [{ lotId: "L-P100-000003", quantity: 51, uom: "EA" }]],
    ]);
    expect(run.outcome.produced.map((p) => p.lot.lotid)).toEqual(["L-P100-000004", "L-P100-000005"]);
    expect(run.outcome.produced.every((p) => p.at > run.outcome.producedAt)).toBe(true);
  });
});
