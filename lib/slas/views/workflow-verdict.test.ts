import { describe, expect, it } from "vitest";
import { evaluateInstance, type InstanceAggregate } from "../evaluate-instance";
import { defaultViewDefinitions } from "../view-definitions";
import { wallClock } from "../wall-clock";
import { toWorkflowVerdict } from "./workflow-verdict";

const T0 = Date.parse("2026-03-10T08:00:00Z");
const MIN = 60_000;
const aggregate = (firsts: [string, string, number][], extra: Partial<InstanceAggregate> = {}): InstanceAggregate => ({
  correlationId: "c",
  firstTime: T0,
  lastTime: T0,
  plant: "P1",
  firsts: firsts.map(([type, source, at]) => ({ type, source, at })),
  lots: [],
  orders: [],
  failures: 0,
  retries: 0,
  deadLetters: 0,
  replays: 0,
  lastFailureAt: 0,
  lastDeliveredAt: 0,
  ...extra,
});
const { compiled } = defaultViewDefinitions();
const verdict = (a: InstanceAggregate, now: number) => toWorkflowVerdict(evaluateInstance(a, compiled, wallClock, { p95: () => undefined }, now)!, now, compiled);

describe("workflow verdict on the trace and order pages", () => {
  it("shows a dead-lettered hand-off as failed and at risk, then breached, never as running", () => {
    const dead = aggregate([["mfg.inspection.failed", "QMS", T0]], { failures: 1, deadLetters: 1, lastFailureAt: T0 + MIN });
    const soon = verdict(dead, T0 + 2 * MIN);
    expect(soon).toMatchObject({ key: "inspection-to-hold", status: "failed", sla: { state: "at_risk", atRiskReason: "failed", targetMs: 5 * MIN } });
    expect(soon.steps.map((s) => s.state)).toEqual(["done", "failed", "failed", "failed"]);
    // The failed inspection happened, and is bad news: never shown as a success.
    expect(soon.steps.map((s) => s.adverse)).toEqual([true, false, false, false]);
    expect(verdict(dead, T0 + 6 * MIN).sla).toMatchObject({ state: "breached", overByMs: MIN });
  });

  it("stops counting once the closing stage is reached", () => {
    const done = aggregate([
      ["mfg.order.released", "ERP", T0],
      ["mfg.order.received", "MES", T0 + 20_000],
      ["mfg.order.acknowledged", "MES", T0 + 90_000],
    ]);
    const v = verdict(done, T0 + 3 * 3_600_000);
    expect(v).toMatchObject({ status: "completed", sla: { state: "met", elapsedMs: 90_000, untilLabel: "Order acknowledged", reachedAt: new Date(T0 + 90_000).toISOString() } });
    expect(v.steps.every((s) => s.state === "done")).toBe(true);
  });
});
