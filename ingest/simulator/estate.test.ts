import { describe, expect, it } from "vitest";
import type { CloudEvent } from "../../lib/events/contract";
import { parseCloudEvent } from "../../lib/events/to-row";
import { createSimulator, simulateRange } from "./estate";
import { BUSINESS_TYPES, TELEMETRY_TYPES } from "./workflows";

function byCorrelationId(events: CloudEvent[]): Map<string, CloudEvent[]> {
  const groups = new Map<string, CloudEvent[]>();
  for (const e of events) groups.set(e.correlationid!, [...(groups.get(e.correlationid!) ?? []), e]);
  return groups;
}

const FROM = new Date("2026-11-22T08:00:00.000Z");
const TO = new Date("2026-11-22T08:10:00.000Z");

describe("simulated estate", () => {
  const events = simulateRange({ seed: 7 }, FROM, TO);

  it("is deterministic for a seed and differs across seeds", () => {
    expect(simulateRange({ seed: 7 }, FROM, TO)).toEqual(events);
    expect(simulateRange({ seed: 8 }, FROM, TO).map((e) => e.id)).not.toEqual(events.map((e) => e.id));
  });

  it("does not depend on how often it is advanced", () => {
    expect(simulateRange({ seed: 7 }, FROM, TO, 250).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it("emits only valid CloudEvents with unique ids, in time order, inside the range", () => {
    const now = new Date();
    for (const e of events) expect(parseCloudEvent(e, now)).toMatchObject({ ok: true });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const times = events.map((e) => Date.parse(e.time!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(FROM.getTime());
    expect(Math.max(...times)).toBeLessThanOrEqual(TO.getTime());
  });

  it("runs every workflow at three plants, with failures, recoveries and dead letters", () => {
    const types = new Set(events.map((e) => e.type));
    for (const t of [BUSINESS_TYPES.orderReleased, BUSINESS_TYPES.orderAcknowledged, BUSINESS_TYPES.inspectionFailed, BUSINESS_TYPES.holdPlaced, BUSINESS_TYPES.lotReceived]) {
      expect(types).toContain(t);
    }
    for (const t of Object.values(TELEMETRY_TYPES)) expect(types).toContain(t);
    expect(new Set(events.map((e) => e.plant)).size).toBe(3);
    // ~30 instances a minute for 10 minutes: a few hundred instances.
    expect(new Set(events.map((e) => e.correlationid)).size).toBeGreaterThan(200);
  });

  it("keeps a message id across its telemetry and the trace id across an instance", () => {
    const byMessage = new Map<string, Set<string>>();
    const traceByCorrelation = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.messageid) byMessage.set(e.messageid, (byMessage.get(e.messageid) ?? new Set()).add(e.correlationid!));
      traceByCorrelation.set(e.correlationid!, (traceByCorrelation.get(e.correlationid!) ?? new Set()).add(e.traceparent!.split("-")[1]!));
    }
    for (const correlations of byMessage.values()) expect(correlations.size).toBe(1);
    for (const traces of traceByCorrelation.values()) expect(traces.size).toBe(1);
    const telemetry = events.filter((e) => e.type.startsWith("integration."));
    expect(telemetry.every((e) => e.messageid)).toBe(true);
  });

  it("never posts the hold in ERP when the inspection message was dead-lettered", () => {
    const all = simulateRange({ seed: 11, failureRate: 1 }, FROM, TO);
    const byCorrelation = byCorrelationId(all);
    let deadLetteredHolds = 0;
    for (const instance of byCorrelation.values()) {
      if (instance[0]!.type !== BUSINESS_TYPES.inspectionFailed) continue;
      const dead = instance.some((e) => e.type === TELEMETRY_TYPES.deadLettered);
      const held = instance.some((e) => e.type === BUSINESS_TYPES.holdPlaced);
      expect(dead && held).toBe(false);
      if (dead) deadLetteredHolds++;
    }
    expect(deadLetteredHolds).toBeGreaterThan(0);
  });

  it("follows each workflow's step order within a correlation id", () => {
    const byCorrelation = byCorrelationId(events);
    for (const instance of byCorrelation.values()) {
      const types = instance.map((e) => e.type);
      if (types[0] === BUSINESS_TYPES.orderReleased && types.includes(BUSINESS_TYPES.orderAcknowledged)) {
        expect(types.indexOf(TELEMETRY_TYPES.delivered)).toBeLessThan(types.indexOf(BUSINESS_TYPES.orderReceived));
        expect(types.indexOf(BUSINESS_TYPES.orderReceived)).toBeLessThan(types.indexOf(BUSINESS_TYPES.orderAcknowledged));
      }
      expect(types.indexOf(TELEMETRY_TYPES.received)).toBeLessThan(types.indexOf(TELEMETRY_TYPES.transformed));
    }
  });

  it("hands each event out once and keeps only what is not due yet", () => {
    const sim = createSimulator({ seed: 3 }, FROM);
    const first = sim.advance(new Date(FROM.getTime() + 60_000));
    const again = sim.advance(new Date(FROM.getTime() + 60_000));
    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual([]);
    expect(sim.pending).toBeGreaterThan(0);
  });
});
