import { describe, expect, it } from "vitest";
import { ActionSchema, applyAction, autoResolve, onOccurrences, TransitionError, wakeIfDue, type Lifecycle } from "./lifecycle";

const fresh: Lifecycle = { state: "new", assigneeUserId: null, assigneeTeam: null, snoozedUntil: null, snoozeUntilCount: null, resolvedAt: null, resolution: "", ignoredReason: "" };
const now = new Date("2026-12-03T12:00:00Z");
const act = (l: Lifecycle, raw: unknown, count = 10) => applyAction(l, ActionSchema.parse(raw), count, now);

describe("group lifecycle", () => {
  it("acknowledges, assigns to a team, unassigns back to acknowledged", () => {
    const ack = act(fresh, { type: "acknowledge" });
    expect(ack.state).toBe("acknowledged");
    const assigned = act(ack, { type: "assign", team: "erp-integration" });
    expect(assigned).toMatchObject({ state: "assigned", assigneeTeam: "erp-integration", assigneeUserId: null });
    expect(act(assigned, { type: "acknowledge" }).state).toBe("assigned");
    expect(act(assigned, { type: "unassign" })).toMatchObject({ state: "acknowledged", assigneeTeam: null });
  });

  it("refuses actions that make no sense and bad input", () => {
    const ignored = act(fresh, { type: "ignore", reason: "test plant" });
    expect(() => act(ignored, { type: "acknowledge" })).toThrow(TransitionError);
    expect(() => act(fresh, { type: "reopen" })).toThrow(TransitionError);
    expect(() => act(fresh, { type: "snooze", until: "2026-12-03T11:00:00Z" })).toThrow(TransitionError);
    expect(ActionSchema.safeParse({ type: "ignore", reason: " " }).success).toBe(false);
    expect(ActionSchema.safeParse({ type: "assign" }).success).toBe(false);
    expect(ActionSchema.safeParse({ type: "assign", userId: "u", team: "t" }).success).toBe(false);
    expect(ActionSchema.safeParse({ type: "snooze" }).success).toBe(false);
    expect(ActionSchema.safeParse({ type: "explode" }).success).toBe(false);
  });

  it("snoozes until N more occurrences, then wakes", () => {
    const snoozed = act(fresh, { type: "snooze", occurrences: 5 }, 10);
    expect(snoozed).toMatchObject({ state: "snoozed", snoozeUntilCount: 15 });
    expect(onOccurrences(snoozed, 14, now).state).toBe("snoozed");
    expect(onOccurrences(snoozed, 15, now)).toMatchObject({ state: "acknowledged", snoozeUntilCount: null });
  });

  it("snoozes until a time, and wakes when it passes even without occurrences", () => {
    const snoozed = act(fresh, { type: "snooze", until: "2026-12-03T13:00:00Z" });
    expect(wakeIfDue(snoozed, now).state).toBe("snoozed");
    expect(wakeIfDue(snoozed, new Date("2026-12-03T13:00:01Z")).state).toBe("acknowledged");
  });

  it("a resolved group regresses on a recurrence; an ignored one stays ignored; reopen clears the resolution", () => {
    const resolved = act(fresh, { type: "resolve", reason: "ERP quota raised" });
    expect(resolved).toMatchObject({ state: "resolved", resolution: "ERP quota raised", resolvedAt: now });
    expect(onOccurrences(resolved, 11, now)).toMatchObject({ state: "regressed", resolvedAt: null, resolution: "" });
    const ignored = act(fresh, { type: "ignore", reason: "known test traffic" });
    expect(onOccurrences(ignored, 11, now)).toEqual(ignored);
    expect(act(resolved, { type: "reopen" })).toMatchObject({ state: "new", resolution: "" });
  });

  it("auto-resolves open groups with the reason, never an ignored one", () => {
    expect(autoResolve(fresh, "delivered on retry", now)).toMatchObject({ state: "resolved", resolution: "delivered on retry" });
    const ignored = act(fresh, { type: "ignore", reason: "noise" });
    expect(autoResolve(ignored, "delivered", now)).toBe(ignored);
  });
});
