import { describe, expect, it } from "vitest";
import type { CloudEvent } from "../../lib/events/contract";
import { parseCloudEvent } from "../../lib/events/to-row";
import { createSimulator, simulateRange } from "./estate";
import { BUSINESS_TYPES, TELEMETRY_TYPES, WORKFLOW_STEPS, type WorkflowName } from "./workflows";

const FROM = new Date("2026-11-22T08:00:00.000Z");
const TO = new Date("2026-11-22T08:10:00.000Z");
const TRIGGERS = new Map<string, WorkflowName>(Object.entries(WORKFLOW_STEPS).map(([w, steps]) => [steps[0], w as WorkflowName]));

function byCorrelationId(events: CloudEvent[]): Map<string, CloudEvent[]> {
  const groups = new Map<string, CloudEvent[]>();
  for (const e of events) {
    const group = groups.get(e.correlationid!) ?? [];
    group.push(e);
    groups.set(e.correlationid!, group);
  }
  return groups;
}

const countOf = (events: CloudEvent[], type: string) => events.filter((e) => e.type === type).length;

describe("simulated estate", () => {
  const events = simulateRange({ seed: 7 }, FROM, TO);

  it("is deterministic for a seed and differs across seeds", () => {
    expect(simulateRange({ seed: 7 }, FROM, TO)).toEqual(events);
    expect(simulateRange({ seed: 8 }, FROM, TO).map((e) => e.id)).not.toEqual(events.map((e) => e.id));
  });

  it("does not depend on how often it is advanced", () => {
    expect(simulateRange({ seed: 7 }, FROM, TO, 250)).toEqual(events);
    expect(simulateRange({ seed: 7 }, FROM, TO, 37_000)).toEqual(events);
  });

  it("gives a run started at another time with the same seed fresh event, correlation and message ids", () => {
    const later = simulateRange({ seed: 7 }, new Date(FROM.getTime() + 3_600_000), new Date(TO.getTime() + 3_600_000));
    for (const key of ["id", "correlationid", "messageid", "traceparent"] as const) {
      const seen = new Set(events.map((e) => e[key]).filter((v) => v !== undefined));
      expect(later.some((e) => e[key] !== undefined && seen.has(e[key])), key).toBe(false);
    }
  });

  it("emits only valid CloudEvents with unique ids, in time order, inside the range", () => {
    const now = new Date();
    for (const e of events) {
      const parsed = parseCloudEvent(e, now);
      if (!parsed.ok) throw new Error(`${e.type}: ${parsed.reason}`);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const times = events.map((e) => Date.parse(e.time!));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
    expect(times[0]).toBeGreaterThan(FROM.getTime());
    expect(times.at(-1)).toBeLessThanOrEqual(TO.getTime());
  });

  it("runs every workflow at five plants at about 30 instances a minute, with failures, recoveries and dead letters", () => {
    const hour = simulateRange({ seed: 7 }, FROM, new Date(FROM.getTime() + 60 * 60_000));
    const instances = byCorrelationId(hour);
    const started = new Map<WorkflowName, number>();
    for (const group of instances.values()) {
      const workflow = TRIGGERS.get(group[0]!.type);
      expect(workflow, group[0]!.type).toBeDefined();
      started.set(workflow!, (started.get(workflow!) ?? 0) + 1);
    }
    expect([...started.keys()].sort()).toEqual(Object.keys(WORKFLOW_STEPS).sort());
    for (const n of started.values()) expect(n).toBeGreaterThan(5);
    expect(instances.size).toBeGreaterThan(1_600);
    expect(instances.size).toBeLessThan(2_000);

    expect(new Set(hour.map((e) => e.plant))).toEqual(new Set(["P100", "P200", "P300", "P400", "P500"]));
    expect(new Set(hour.map((e) => e.sourcesystem))).toEqual(new Set(["ERP", "MES", "QMS", "WMS", "CMMS", "SUPPLIER", "PORTAL", "MIDDLEWARE", "ANALYTICS"]));
    for (const t of [BUSINESS_TYPES.orderAcknowledged, BUSINESS_TYPES.holdPlaced, BUSINESS_TYPES.lotProduced, BUSINESS_TYPES.inspectionPassed, BUSINESS_TYPES.shipmentConfirmed]) {
      expect(countOf(hour, t), t).toBeGreaterThan(0);
    }
    const received = countOf(hour, TELEMETRY_TYPES.received);
    const failedMessages = new Set(hour.filter((e) => e.type === TELEMETRY_TYPES.failed).map((e) => e.messageid)).size;
    // Default failure rate: about one message in ten fails at least once.
    expect(failedMessages / received).toBeGreaterThan(0.04);
    expect(failedMessages / received).toBeLessThan(0.18);
    expect(countOf(hour, TELEMETRY_TYPES.retried)).toBeGreaterThan(0);
    expect(countOf(hour, TELEMETRY_TYPES.deadLettered)).toBeGreaterThan(0);
  });

  it("follows each workflow's step order within a correlation id", () => {
    for (const group of byCorrelationId(events).values()) {
      const times = group.map((e) => Date.parse(e.time!));
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
      const steps: readonly string[] = WORKFLOW_STEPS[TRIGGERS.get(group[0]!.type)!];
      const positions = group.filter((e) => e.type.startsWith("mfg.")).map((e) => steps.indexOf(e.type));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it("keeps a message id across its telemetry, within one instance", () => {
    const correlationsByMessage = new Map<string, Set<string>>();
    for (const e of events) {
      if (!e.type.startsWith("integration.")) continue;
      expect(e.messageid).toBeTruthy();
      correlationsByMessage.set(e.messageid!, (correlationsByMessage.get(e.messageid!) ?? new Set()).add(e.correlationid!));
    }
    for (const correlations of correlationsByMessage.values()) expect(correlations.size).toBe(1);
    for (const group of byCorrelationId(events).values()) {
      expect(new Set(group.filter((e) => e.messageid).map((e) => e.messageid)).size).toBeLessThanOrEqual(1);
    }
  });

  it("never posts the hold in ERP when the inspection message was dead-lettered", () => {
    const all = simulateRange({ seed: 11, failureRate: 1 }, FROM, TO);
    let deadLettered = 0;
    let held = 0;
    for (const group of byCorrelationId(all).values()) {
      if (group[0]!.type !== BUSINESS_TYPES.inspectionFailed) continue;
      const types = group.map((e) => e.type);
      if (types.includes(TELEMETRY_TYPES.deadLettered)) {
        deadLettered++;
        expect(types).not.toContain(BUSINESS_TYPES.holdPlaced);
      } else if (types.includes(BUSINESS_TYPES.holdPlaced)) {
        held++;
        expect(types).toContain(TELEMETRY_TYPES.retried);
      }
    }
    expect(deadLettered).toBeGreaterThan(0);
    expect(held).toBeGreaterThan(0);
  });

  it("builds lot genealogy: consumed lots were received or produced earlier at the same plant", () => {
    const createdAt = new Map<string, number>();
    for (const e of events) {
      if (e.type === BUSINESS_TYPES.lotReceived || e.type === BUSINESS_TYPES.lotProduced) createdAt.set(e.lotid!, Date.parse(e.time!));
    }
    const consumed = events.filter((e) => e.type === BUSINESS_TYPES.lotConsumed);
    expect(consumed.length).toBeGreaterThan(0);
    for (const e of consumed) {
      expect(e.lotid).toMatch(new RegExp(`^L-${e.plant}-\\d{6}$`));
      expect(e.orderid).toMatch(new RegExp(`^PO-${e.plant}-\\d{6}$`));
      expect(createdAt.get(e.lotid!)).toBeLessThan(Date.parse(e.time!));
    }
    for (const e of events.filter((x) => x.type === BUSINESS_TYPES.inspectionFailed)) {
      expect(consumed.some((c) => c.lotid === e.lotid && c.orderid === e.orderid && c.time! <= e.time!)).toBe(true);
    }
  });

  it("hands each event out once and keeps only what is not due yet", () => {
    const sim = createSimulator({ seed: 3 }, FROM);
    const first = sim.advance(new Date(FROM.getTime() + 60_000));
    expect(first.length).toBeGreaterThan(0);
    expect(sim.advance(new Date(FROM.getTime() + 60_000))).toEqual([]);
    expect(sim.pending).toBeGreaterThan(0);
  });

  it("starts its clock at the first advance when no start is given", () => {
    const sim = createSimulator({ seed: 3 });
    expect(sim.advance(FROM)).toEqual([]);
    expect(sim.advance(new Date(FROM.getTime() + 120_000))).toEqual(simulateRange({ seed: 3 }, FROM, new Date(FROM.getTime() + 120_000)));
  });

  it("keeps memory bounded over a long run", () => {
    const sim = createSimulator({ seed: 5, workflowsPerMinute: 120 }, FROM);
    let peak = 0;
    for (let minute = 1; minute <= 2 * 60; minute++) {
      sim.advance(new Date(FROM.getTime() + minute * 60_000));
      peak = Math.max(peak, sim.pending);
    }
    // Scheduled steps reach at most ~25 minutes ahead: about 120 × 25 instances' tails, never the history.
    expect(peak).toBeLessThan(6_000);
  });

  it("honours plants, rate and failure rate options and rejects nonsense", () => {
    const few = simulateRange({ seed: 1, plants: ["P900"], workflowsPerMinute: 6, failureRate: 0 }, FROM, TO);
    expect(new Set(few.map((e) => e.plant))).toEqual(new Set(["P900"]));
    expect(new Set(few.map((e) => e.correlationid)).size).toBeLessThan(120);
    expect(few.some((e) => e.type === TELEMETRY_TYPES.failed)).toBe(false);
    expect(simulateRange({ seed: 1, workflowsPerMinute: 0 }, FROM, TO)).toEqual([]);
    expect(() => createSimulator({ seed: 1, plants: [] })).toThrow(RangeError);
    expect(() => createSimulator({ seed: 1, plants: ["P 1"] })).toThrow(RangeError);
    expect(() => createSimulator({ seed: 1, failureRate: 2 })).toThrow(RangeError);
    expect(() => createSimulator({ seed: 1, workflowsPerMinute: -1 })).toThrow(RangeError);
  });
});
