import { describe, expect, it } from "vitest";
import { alertFingerprint } from "./fingerprint";
import { ALERTMANAGER_OUTLET, outletKey } from "./outlet-target";
import { planNotifications, retryDelayMs, settlePlan, type DeliveryOutcome, type NotificationState, type PlanInput } from "./plan";
import type { AlertRule } from "./rule-spec";
import type { AlertSignal } from "./signal";
import type { AlertSilence } from "./silence-spec";

const T0 = new Date("2026-12-04T10:00:00Z");
const at = (sec: number) => new Date(T0.getTime() + sec * 1000);

const signal = (over: Partial<AlertSignal> = {}): AlertSignal => ({
  id: "br:1",
  kind: "sla_breach",
  state: "firing",
  severity: "critical",
  definition: "inspection-to-hold",
  plant: "P100",
  stage: "hold-posted",
  summary: "Inspection to hold at P100: hold 4 min late",
  path: "/trace/corr-1",
  startsAt: new Date("2026-12-04T09:55:00Z"),
  endsAt: null,
  labels: { correlationId: "corr-1" },
  ...over,
});
const resolved = (over: Partial<AlertSignal> = {}) => signal({ state: "resolved", endsAt: at(100), ...over });

const rule = (over: Partial<AlertRule> = {}): AlertRule => ({
  id: "rule-a",
  name: "Holds",
  enabled: true,
  definition: null,
  plant: null,
  kinds: [],
  minSeverity: "warning",
  webhooks: [{ url: "https://hooks.example/x", format: "json" }],
  emails: [],
  repeatIntervalSec: 3600,
  sendResolved: true,
  ...over,
});
const WEBHOOK = outletKey({ kind: "webhook", format: "json", url: "https://hooks.example/x" });

const silence = (over: Partial<AlertSilence> = {}): AlertSilence => ({
  id: "s1",
  definition: "inspection-to-hold",
  plant: null,
  kind: null,
  signalId: null,
  startsAt: at(-60),
  endsAt: at(600),
  comment: "maintenance",
  createdBy: "admin@x",
  ...over,
});

/** Runs cycles the way the notifier does, keeping the stored states between them. */
function harness(base: Omit<PlanInput, "signals" | "states" | "now">) {
  let states = new Map<string, NotificationState>();
  const key = (s: { fingerprint: string; outlet: string }) => `${s.fingerprint}|${s.outlet}`;
  return {
    cycle(signals: AlertSignal[], now: Date, outcome: (i: number) => DeliveryOutcome = () => ({ ok: true }), over: Partial<PlanInput> = {}) {
      const plan = planNotifications({ ...base, ...over, signals, states: [...states.values()].filter((s) => s.status !== "resolved"), now });
      const settled = settlePlan(
        plan,
        plan.deliveries.map((_, i) => outcome(i)),
        now,
      );
      for (const d of settled.deletes) states.delete(key(d));
      for (const u of settled.upserts) states.set(key(u), u);
      return { plan, settled, sent: plan.deliveries.flatMap((d) => d.messages.map((m) => `${d.outlet}:${m.status}:${m.reason}:${m.signal.id}`)) };
    },
    state: (outlet = WEBHOOK, ruleId: string | null = "rule-a", id = "br:1") => states.get(`${alertFingerprint(ruleId, id)}|${outlet}`),
    reset: () => (states = new Map()),
  };
}

describe("notification plan", () => {
  it("sends a firing alert at once, nothing while it keeps firing, a repeat after the interval, the resolved notice once", () => {
    const h = harness({ rules: [rule()], silences: [] });
    expect(h.cycle([signal()], at(0)).sent).toEqual([`${WEBHOOK}:firing:new:br:1`]);
    expect(h.state()).toMatchObject({ status: "firing", lastSentAt: at(0), sendCount: 1 });
    expect(h.cycle([signal()], at(15)).sent).toEqual([]);
    expect(h.cycle([signal()], at(3599)).sent).toEqual([]);
    expect(h.cycle([signal()], at(3600)).sent).toEqual([`${WEBHOOK}:firing:repeat:br:1`]);
    expect(h.cycle([resolved()], at(3615)).sent).toEqual([`${WEBHOOK}:resolved:resolved:br:1`]);
    expect(h.state()).toMatchObject({ status: "resolved", sendCount: 3 });
    // The engine reports a resolution once; even if it repeated it, nothing more is sent.
    expect(h.cycle([resolved()], at(3630)).sent).toEqual([]);
    expect(h.cycle([], at(3645)).sent).toEqual([]);
  });

  it("writes nothing in a cycle where nothing changed", () => {
    const h = harness({ rules: [rule()], silences: [] });
    h.cycle([signal()], at(0));
    const quiet = h.cycle([signal()], at(15));
    expect(quiet.settled).toEqual({ upserts: [], deletes: [], records: [] });
  });

  it("sends no resolved notice when sendResolved is off, or when no firing notice was ever delivered", () => {
    const off = harness({ rules: [rule({ sendResolved: false })], silences: [] });
    off.cycle([signal()], at(0));
    expect(off.cycle([resolved()], at(15)).sent).toEqual([]);
    expect(off.state()?.status).toBe("resolved");

    const never = harness({ rules: [rule()], silences: [] });
    expect(never.cycle([signal()], at(0), () => ({ ok: false, error: "HTTP 500" })).sent).toHaveLength(1);
    expect(never.state()).toMatchObject({ status: "pending", lastSentAt: null, lastError: "HTTP 500" });
    expect(never.cycle([resolved()], at(15)).sent).toEqual([]);
    expect(never.state()?.status).toBe("resolved");

    // A signal that fired and resolved between two cycles was never told: nothing to resolve.
    const unseen = harness({ rules: [rule()], silences: [] });
    expect(unseen.cycle([resolved()], at(0)).sent).toEqual([]);
    expect(unseen.state()).toBeUndefined();
  });

  it("retries a failed firing send next cycle and records each attempt", () => {
    const h = harness({ rules: [rule()], silences: [] });
    const first = h.cycle([signal()], at(0), () => ({ ok: false, error: "connect ECONNREFUSED" }));
    expect(first.settled.records).toEqual([expect.objectContaining({ ok: false, error: "connect ECONNREFUSED", status: "firing", alertCount: 1, ruleName: "Holds" })]);
    expect(h.cycle([signal()], at(15)).sent).toEqual([`${WEBHOOK}:firing:retry:br:1`]);
    expect(h.state()).toMatchObject({ status: "firing", lastError: null, sendCount: 1 });
    expect(h.cycle([signal()], at(30)).sent).toEqual([]);
  });

  it("backs off a failing outlet: next cycle at first, then ever longer up to ten minutes, and counts the failures", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(retryDelayMs)).toEqual([15_000, 30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
    const h = harness({ rules: [rule()], silences: [] });
    const down = () => ({ ok: false as const, error: "HTTP 503" });
    expect(h.cycle([signal()], at(0), down).sent).toHaveLength(1);
    expect(h.cycle([signal()], at(15), down).sent).toHaveLength(1);
    expect(h.state()).toMatchObject({ status: "pending", failedAttempts: 2, lastAttemptAt: at(15) });
    // Two failures: the next try is 30 s after the last, not at the cycles in between.
    expect(h.cycle([signal()], at(30), down).sent).toEqual([]);
    expect(h.cycle([signal()], at(44), down).sent).toEqual([]);
    expect(h.cycle([signal()], at(45)).sent).toEqual([`${WEBHOOK}:firing:retry:br:1`]);
    expect(h.state()).toMatchObject({ status: "firing", failedAttempts: 0, lastError: null, sendCount: 1 });
  });

  it("keeps owing a failed resolved notice after the engine stops reporting the signal, and sends it from the snapshot", () => {
    const h = harness({ rules: [rule()], silences: [] });
    h.cycle([signal()], at(0));
    expect(h.cycle([resolved()], at(15), () => ({ ok: false, error: "timed out" })).sent).toEqual([`${WEBHOOK}:resolved:resolved:br:1`]);
    expect(h.state()).toMatchObject({ status: "resolving", lastError: "timed out" });
    const retry = h.cycle([], at(30));
    expect(retry.sent).toEqual([`${WEBHOOK}:resolved:resolved:br:1`]);
    expect(retry.plan.deliveries[0]!.messages[0]!.signal.endsAt).toEqual(at(100));
    expect(h.state()?.status).toBe("resolved");
    expect(h.cycle([], at(45)).sent).toEqual([]);
  });

  it("resolves a firing alert the engine stops reporting (ended at that cycle)", () => {
    const h = harness({ rules: [rule()], silences: [] });
    h.cycle([signal()], at(0));
    const gone = h.cycle([], at(15));
    expect(gone.sent).toEqual([`${WEBHOOK}:resolved:resolved:br:1`]);
    expect(gone.plan.deliveries[0]!.messages[0]!.signal).toMatchObject({ state: "resolved", endsAt: at(15) });
  });

  it("a silenced signal sends nothing but is tracked; the end of the silence notifies while it still fires", () => {
    const s = silence({ endsAt: at(300) });
    const h = harness({ rules: [rule()], silences: [s] });
    expect(h.cycle([signal()], at(0)).sent).toEqual([]);
    expect(h.state()).toMatchObject({ status: "silenced", lastSentAt: null });
    expect(h.cycle([signal()], at(299)).sent).toEqual([]);
    expect(h.cycle([signal()], at(300)).sent).toEqual([`${WEBHOOK}:firing:unsilenced:br:1`]);
    expect(h.cycle([signal()], at(315)).sent).toEqual([]);
  });

  it("a silence started after the firing notice mutes repeats; the resolved notice still closes what the outlet was told", () => {
    const h = harness({ rules: [rule({ repeatIntervalSec: 60 })], silences: [] });
    h.cycle([signal()], at(0));
    const muted = { silences: [silence({ startsAt: at(10), endsAt: at(10_000) })] };
    expect(h.cycle([signal()], at(120), undefined, muted).sent).toEqual([]);
    expect(h.state()).toMatchObject({ status: "silenced", lastSentAt: at(0) });
    expect(h.cycle([resolved()], at(135), undefined, muted).sent).toEqual([`${WEBHOOK}:resolved:resolved:br:1`]);
    // Never told, never resolved: silenced from the start and resolved within the silence sends nothing at all.
    h.reset();
    expect(h.cycle([signal()], at(20), undefined, muted).sent).toEqual([]);
    expect(h.cycle([resolved()], at(35), undefined, muted).sent).toEqual([]);
  });

  it("a silence only mutes what it matches, and only between its start and end", () => {
    const other = signal({ id: "br:2", definition: "order-to-shipment" });
    const h = harness({ rules: [rule()], silences: [silence(), silence({ id: "s2", definition: null, signalId: "br:9", startsAt: at(1000), endsAt: at(2000) })] });
    expect(h.cycle([signal(), other], at(0)).sent).toEqual([`${WEBHOOK}:firing:new:br:2`]);
  });

  it("groups one outlet's messages of a cycle into one delivery, firing first and critical first", () => {
    const h = harness({ rules: [rule({ emails: ["ops@example.com"] })], silences: [] });
    h.cycle([signal({ id: "br:old" })], at(0));
    const c = h.cycle([resolved({ id: "br:old" }), signal({ id: "br:w", severity: "warning" }), signal({ id: "br:c" })], at(15));
    expect(c.plan.deliveries).toHaveLength(2);
    expect(c.plan.deliveries.map((d) => d.outlet)).toEqual([WEBHOOK, "email"]);
    expect(c.plan.deliveries[0]!.messages.map((m) => `${m.status}:${m.signal.id}`)).toEqual(["firing:br:c", "firing:br:w", "resolved:br:old"]);
    expect(c.settled.records[0]).toMatchObject({ status: "firing", alertCount: 3, signalIds: ["br:c", "br:w", "br:old"], target: "json webhook https://hooks.example/x" });
    expect(c.settled.records[1]!.target).toBe("email to o•••@example.com");
  });

  it("splits a huge cycle into messages of at most maxAlertsPerMessage", () => {
    const h = harness({ rules: [rule()], silences: [], maxAlertsPerMessage: 10 });
    const c = h.cycle(Array.from({ length: 25 }, (_, i) => signal({ id: `br:${i}` })), at(0));
    expect(c.plan.deliveries.map((d) => d.messages.length)).toEqual([10, 10, 5]);
  });

  it("matches rules by definition, plant, kinds and minimum severity; each rule has its own fingerprint", () => {
    const rules = [
      rule({ id: "r-def", definition: "inspection-to-hold" }),
      rule({ id: "r-plant", plant: "P200" }),
      rule({ id: "r-kind", kinds: ["burn_rate"] }),
      rule({ id: "r-crit", minSeverity: "critical" }),
      rule({ id: "r-off", enabled: false }),
    ];
    const c = harness({ rules, silences: [] }).cycle([signal({ severity: "critical" }), signal({ id: "br:w", severity: "warning", plant: "P200" })], at(0));
    const byRule = Object.fromEntries(c.plan.deliveries.map((d) => [d.rule!.id, d.messages.map((m) => m.signal.id)]));
    expect(byRule).toEqual({ "r-def": ["br:1", "br:w"], "r-plant": ["br:w"], "r-crit": ["br:1"] });
    expect(c.plan.deliveries[0]!.messages[0]!.fingerprint).toBe(alertFingerprint("r-def", "br:1"));
    expect(alertFingerprint("r-def", "br:1")).not.toBe(alertFingerprint("r-crit", "br:1"));
  });

  it("forgets states of a deleted or disabled rule, a removed webhook, and a signal the rule no longer matches, without notices", () => {
    const h = harness({ rules: [rule()], silences: [] });
    h.cycle([signal()], at(0));
    const disabled = h.cycle([signal()], at(15), undefined, { rules: [rule({ enabled: false })] });
    expect(disabled.sent).toEqual([]);
    expect(disabled.settled.deletes).toHaveLength(1);

    h.reset();
    h.cycle([signal()], at(0));
    const rescoped = h.cycle([signal()], at(15), undefined, { rules: [rule({ plant: "P999" })] });
    expect(rescoped.sent).toEqual([]);
    expect(rescoped.settled.deletes).toHaveLength(1);

    h.reset();
    h.cycle([signal()], at(0));
    const moved = h.cycle([signal()], at(15), undefined, { rules: [rule({ webhooks: [{ url: "https://hooks.example/new", format: "json" }] })] });
    expect(moved.sent).toEqual([`${outletKey({ kind: "webhook", format: "json", url: "https://hooks.example/new" })}:firing:new:br:1`]);
    expect(moved.settled.deletes).toEqual([{ fingerprint: alertFingerprint("rule-a", "br:1"), outlet: WEBHOOK }]);
  });

  it("a signal that fires again after it resolved is a new episode", () => {
    const h = harness({ rules: [rule()], silences: [] });
    h.cycle([signal({ id: "burn:x" })], at(0));
    h.cycle([resolved({ id: "burn:x" })], at(15));
    expect(h.cycle([signal({ id: "burn:x" })], at(30)).sent).toEqual([`${WEBHOOK}:firing:new:burn:x`]);
    expect(h.state(WEBHOOK, "rule-a", "burn:x")).toMatchObject({ firstFiredAt: at(30), sendCount: 1 });
  });

  it("posts every firing signal to Alertmanager each cycle regardless of rules and silences, and the resolved one once", () => {
    const AM = "http://am:9093";
    const h = harness({ rules: [], silences: [silence()], alertmanagerUrl: AM });
    expect(h.cycle([signal()], at(0)).sent).toEqual([`${ALERTMANAGER_OUTLET}:firing:new:br:1`]);
    const again = h.cycle([signal()], at(15));
    expect(again.sent).toEqual([`${ALERTMANAGER_OUTLET}:firing:refresh:br:1`]);
    // A routine re-post is neither logged nor written.
    expect(again.settled).toEqual({ upserts: [], deletes: [], records: [] });
    // …but the state notes the last post once a minute.
    expect(h.cycle([signal()], at(60)).settled.upserts).toEqual([expect.objectContaining({ lastSentAt: at(60) })]);
    expect(h.cycle([resolved()], at(75)).sent).toEqual([`${ALERTMANAGER_OUTLET}:resolved:resolved:br:1`]);
    expect(h.cycle([], at(90)).sent).toEqual([]);
    expect(h.state(ALERTMANAGER_OUTLET, null)?.status).toBe("resolved");
  });

  it("drops Alertmanager states when ALERTMANAGER_URL is unset", () => {
    const h = harness({ rules: [], silences: [], alertmanagerUrl: "http://am:9093" });
    h.cycle([signal()], at(0));
    const c = h.cycle([signal()], at(15), undefined, { alertmanagerUrl: null });
    expect(c.sent).toEqual([]);
    expect(c.settled.deletes).toHaveLength(1);
  });
});
