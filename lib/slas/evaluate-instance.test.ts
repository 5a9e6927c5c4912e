import { describe, expect, it } from "vitest";
import { WorkflowSpecSchema, type DefinitionVersion, type WorkflowSpec } from "../workflows/definition-spec";
import { businessClock } from "./business-clock";
import { compileDefinitions } from "./compiled-definitions";
import { evaluateInstance, type FirstSeen, type InstanceAggregate, type StageLatency } from "./evaluate-instance";
import { wallClock } from "./wall-clock";

const MIN = 60_000;
const T0 = Date.parse("2026-12-01T10:00:00Z");

// Pick to ship: 10 minutes end to end, 3 minutes to the pick, P2 gets 20 minutes.
const PICK: WorkflowSpec = WorkflowSpecSchema.parse({
  key: "pick-to-ship",
  name: "Pick to ship",
  trigger: { types: ["pick.requested"] },
  stages: [
    { key: "requested", label: "Requested", system: "ERP", match: { types: ["pick.requested"] } },
    { key: "picked", label: "Picked", system: "WMS", match: { typePattern: "pick.done*" }, targetMs: 3 * MIN },
    { key: "shipped", label: "Shipped", system: "WMS", match: { types: ["pick.shipped"], sourcePattern: "WMS" } },
  ],
  sla: { untilStage: "shipped", targetMs: 10 * MIN, objective: 0.9 },
  plantOverrides: { P2: { targetMs: 20 * MIN }, P7: { businessHours: true } },
});
const version = (spec: WorkflowSpec, n = 1, effectiveFrom = 0): DefinitionVersion<WorkflowSpec> => ({ key: spec.key, version: n, effectiveFrom: new Date(effectiveFrom), enabled: true, spec });
const defs = compileDefinitions([version(PICK)], []);
const noLatency: StageLatency = { p95: () => undefined };

function aggregate(firsts: [string, string, number][], extra: Partial<InstanceAggregate> = {}): InstanceAggregate {
  const seen: FirstSeen[] = firsts.map(([type, source, at]) => ({ type, source, at }));
  return {
    correlationId: "c-1",
    firstTime: Math.min(...seen.map((f) => f.at)),
    lastTime: Math.max(...seen.map((f) => f.at)),
    plant: "P1",
    firsts: seen,
    lots: [],
    orders: [],
    failures: 0,
    retries: 0,
    deadLetters: 0,
    replays: 0,
    lastFailureAt: 0,
    lastDeliveredAt: 0,
    ...extra,
  };
}
const judge = (a: InstanceAggregate, now: number, latency = noLatency, clock = wallClock, d = defs) => evaluateInstance(a, d, clock, latency, now)!;

describe("evaluateInstance: stage matching", () => {
  it("matches stages by exact type, type pattern and source pattern", () => {
    const e = judge(aggregate([["pick.requested", "ERP", T0], ["pick.done.partial", "WMS", T0 + MIN], ["pick.shipped", "ERP", T0 + 2 * MIN]]), T0 + 3 * MIN);
    expect(e.stages.map((s) => s.at)).toEqual([T0, T0 + MIN, null]);
    expect(e.currentStage).toBe("shipped");
    expect(e.status).toBe("open");
  });

  it("belongs to no workflow without a trigger", () => {
    expect(evaluateInstance(aggregate([["pick.shipped", "WMS", T0]]), defs, wallClock, noLatency, T0)).toBeNull();
  });

  it("finds a stage carried by the order under another correlation id, only after the trigger", () => {
    const handoff = WorkflowSpecSchema.parse({ ...PICK, key: "pick-handoff", stages: PICK.stages.map((s) => (s.key === "shipped" ? { ...s, carriedBy: "order" } : s)) });
    const d = compileDefinitions([version(handoff)], []);
    expect(d.needsLinkedEvents).toBe(true);
    const base = aggregate([["pick.requested", "ERP", T0], ["pick.done", "WMS", T0 + MIN]], { orders: ["O-1"] });
    const early = { ...base, linked: { order: [{ type: "pick.shipped", source: "WMS", at: T0 - MIN }], lot: [] } };
    expect(judge(early, T0 + 5 * MIN, noLatency, wallClock, d).stages[2]!.at).toBeNull();
    const shipped = { ...base, linked: { order: [{ type: "pick.shipped", source: "WMS", at: T0 + 6 * MIN }], lot: [] } };
    const e = judge(shipped, T0 + 7 * MIN, noLatency, wallClock, d);
    expect(e).toMatchObject({ status: "completed", endToEnd: { state: "met", reachedAt: T0 + 6 * MIN } });
    // The same event under the order does not count for a stage keyed by correlation id.
    expect(judge(shipped, T0 + 7 * MIN).stages[2]!.at).toBeNull();
  });
});

describe("evaluateInstance: SLA arithmetic", () => {
  it("is met when the closing stage comes in time, breached by how much when late", () => {
    const met = judge(aggregate([["pick.requested", "ERP", T0], ["pick.done", "WMS", T0 + MIN], ["pick.shipped", "WMS", T0 + 6 * MIN]]), T0 + 30 * MIN);
    expect(met).toMatchObject({ status: "completed", endToEnd: { state: "met", deadline: T0 + 10 * MIN, overByMs: 0 }, outcome: { met: true, latencyMs: 6 * MIN } });
    const late = judge(aggregate([["pick.requested", "ERP", T0], ["pick.done", "WMS", T0 + 5 * MIN], ["pick.shipped", "WMS", T0 + 15 * MIN]]), T0 + 30 * MIN);
    expect(late.endToEnd).toMatchObject({ state: "breached", overByMs: 5 * MIN });
    expect(late.stageTargets).toEqual([expect.objectContaining({ stage: "picked", state: "breached", overByMs: 2 * MIN })]);
    expect(late.outcome).toMatchObject({ met: false, stageMs: [0, 5 * MIN, 10 * MIN] });
  });

  it("breaches an open instance once the deadline passes, by the time since", () => {
    const e = judge(aggregate([["pick.requested", "ERP", T0], ["pick.done", "WMS", T0 + MIN]]), T0 + 12 * MIN);
    expect(e.endToEnd).toMatchObject({ state: "breached", reachedAt: null, overByMs: 2 * MIN, timeToBreachMs: -2 * MIN });
    expect(e.outcome).toMatchObject({ met: false, decidedAt: T0 + 10 * MIN });
  });

  it("is at risk past the target's share (80 %), and says when to look again", () => {
    const a = aggregate([["pick.requested", "ERP", T0], ["pick.done", "WMS", T0 + MIN]]);
    const before = judge(a, T0 + 7 * MIN);
    expect(before.endToEnd).toMatchObject({ state: "open", timeToBreachMs: 3 * MIN, nextCheckAt: T0 + 8 * MIN });
    expect(judge(a, T0 + 9 * MIN).endToEnd).toMatchObject({ state: "at_risk", atRiskReason: "share", nextCheckAt: T0 + 10 * MIN });
  });

  it("is at risk when the stages still to come take longer at p95 than the time left", () => {
    const a = aggregate([["pick.requested", "ERP", T0], ["pick.done", "WMS", T0 + MIN]]);
    const slowShipping: StageLatency = { p95: (_w, stage) => (stage === "shipped" ? 12 * MIN : undefined) };
    expect(judge(a, T0 + 2 * MIN, slowShipping).endToEnd).toMatchObject({ state: "at_risk", atRiskReason: "latency" });
    const quickShipping: StageLatency = { p95: () => MIN };
    expect(judge(a, T0 + 2 * MIN, quickShipping).endToEnd.state).toBe("open");
  });

  it("applies the plant's override", () => {
    const e = judge(aggregate([["pick.requested", "ERP", T0]], { plant: "P2" }), T0 + 15 * MIN);
    expect(e.endToEnd).toMatchObject({ targetMs: 20 * MIN, deadline: T0 + 20 * MIN });
  });

  it("is failed and at risk after a dead letter with no later delivery, recovered once delivered", () => {
    const dead = aggregate([["pick.requested", "ERP", T0]], { deadLetters: 1, lastFailureAt: T0 + MIN });
    expect(judge(dead, T0 + 2 * MIN)).toMatchObject({ status: "failed", endToEnd: { state: "at_risk", atRiskReason: "failed" } });
    const redelivered = { ...dead, lastDeliveredAt: T0 + 3 * MIN };
    expect(judge(redelivered, T0 + 4 * MIN).status).toBe("recovered");
  });

  it("counts the plant's business hours where the override asks for them", () => {
    // P7 opens 08:00–16:00 UTC on weekdays; triggered Tuesday 15:55, 10 business minutes end Wednesday 08:05.
    const clock = businessClock([{ plant: "P7", timeZone: "UTC", weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: "08:00", end: "16:00" })), holidays: [] }]);
    const triggered = Date.parse("2026-12-01T15:55:00Z");
    const e = judge(aggregate([["pick.requested", "ERP", triggered]], { plant: "P7" }), triggered + 60 * MIN, noLatency, clock);
    expect(new Date(e.endToEnd.deadline).toISOString()).toBe("2026-12-02T08:05:00.000Z");
    expect(e.endToEnd.state).toBe("open");
  });

  it("judges by the version in effect at the trigger, not the newest", () => {
    const tighter = WorkflowSpecSchema.parse({ ...PICK, sla: { ...PICK.sla, targetMs: MIN } });
    const d = compileDefinitions([version(PICK, 1, 0), version(tighter, 2, T0 + 30 * MIN)], []);
    const old = judge(aggregate([["pick.requested", "ERP", T0]]), T0 + 5 * MIN, noLatency, wallClock, d);
    expect(old).toMatchObject({ version: 1, endToEnd: { state: "open", targetMs: 10 * MIN } });
    const fresh = judge(aggregate([["pick.requested", "ERP", T0 + 31 * MIN]]), T0 + 35 * MIN, noLatency, wallClock, d);
    expect(fresh).toMatchObject({ version: 2, endToEnd: { state: "breached", targetMs: MIN } });
  });
});
