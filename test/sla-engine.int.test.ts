import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertSignal } from "../lib/alerts/signal";
import type { CloudEvent } from "../lib/events/contract";
import { NonEventSpecSchema, WorkflowSpecSchema, type DefinitionVersion, type NonEventSpec, type WorkflowSpec } from "../lib/workflows/definition-spec";
import { embeddedTestEnv } from "./embedded-env";

// The SLA engine end to end on real chDB: events go through the ingest path, the instances view
// aggregates them, and evaluator cycles judge, record breaches, roll up and signal.
const dir = embeddedTestEnv("sla-engine");

const { getRuntime } = await import("../server/runtime");
const { createSlaEngine } = await import("../server/sla/sla-engine");
const { defaultDefinitionVersions } = await import("../lib/slas/default-definitions");
const { wallClock } = await import("../lib/slas/wall-clock");
const { attainmentCounts, burnWindowCounts } = await import("../lib/slas/sla-rollups");
const { openBreaches, openBreachesDigest, sameOpenBreaches } = await import("../lib/slas/sla-writes");
const { attainment, burnRate } = await import("../lib/slas/burn-rate");
const { metrics } = await import("../lib/metrics");

const MIN = 60_000;
// Ingest here answers after the rows are visible, so cycles need only a short look-back.
const MARGIN = 500;
const pastMargin = () => new Promise((r) => setTimeout(r, MARGIN + 100));
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
let seq = 0;
const ce = (e: Partial<CloudEvent> & { type: string; time: string; correlationid: string }): CloudEvent => ({
  specversion: "1.0",
  id: `sla-${++seq}`,
  source: "/plants/P1",
  sourcesystem: "ERP",
  plant: "P1",
  ...e,
});

const v1 = <S extends { key: string }>(spec: S, extra: Partial<DefinitionVersion<S>> = {}): DefinitionVersion<S> => ({ key: spec.key, version: 1, effectiveFrom: new Date(0), enabled: true, spec, ...extra });

// A workflow the test controls: a 10-minute end-to-end target, a 3-minute stage target.
const PICK: WorkflowSpec = WorkflowSpecSchema.parse({
  key: "pick-to-ship",
  name: "Pick to ship",
  trigger: { types: ["test.pick.requested"] },
  stages: [
    { key: "requested", label: "Requested", system: "ERP", match: { types: ["test.pick.requested"] } },
    { key: "picked", label: "Picked", system: "WMS", match: { typePattern: "test.pick.done*" }, targetMs: 3 * MIN },
    { key: "shipped", label: "Shipped", system: "WMS", match: { types: ["test.pick.shipped"], sourcePattern: "WMS" } },
  ],
  sla: { untilStage: "shipped", targetMs: 10 * MIN, objective: 0.9 },
  plantOverrides: { P2: { targetMs: 20 * MIN } },
});
const VOLUME: NonEventSpec = NonEventSpecSchema.parse({ kind: "volume", key: "picks-stalled", name: "Too few picks", match: { types: ["test.pick.requested"] }, windowMs: 5 * MIN, min: 1 });

const definitions = {
  workflows: [...defaultDefinitionVersions().workflows, v1(PICK)],
  nonEvents: [...defaultDefinitionVersions().nonEvents, v1(VOLUME)],
  calendars: [],
};

const signals: AlertSignal[][] = [];
let engine: ReturnType<typeof createSlaEngine>;
let ch: Awaited<ReturnType<typeof getRuntime>>["clickhouse"];

async function ingest(events: CloudEvent[]) {
  const runtime = await getRuntime();
  const result = await runtime.ingest.ingest(events, { channel: "http", requestId: `sla-${seq}` });
  expect(result, JSON.stringify(result)).toMatchObject({ accepted: events.length });
}

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await ch.query({ query, query_params: params, format: "JSONEachRow" });
  return rs.json<T>();
}

const state = (corr: string) =>
  rows<{ workflow: string; status: string; sla_state: string; current_stage: string; at_risk_reason: string; over_by_ms: string; dead_letters: number; failures: number }>(
    "SELECT workflow, status, sla_state, current_stage, at_risk_reason, over_by_ms, dead_letters, failures FROM workflow_instance_states FINAL WHERE correlation_id = {c:String}",
    { c: corr },
  ).then((r) => r[0]);

beforeAll(async () => {
  const runtime = await getRuntime();
  ch = runtime.clickhouse;
  engine = createSlaEngine({ clickhouse: ch, definitions: async () => definitions, clock: () => wallClock, notify: async (s) => void signals.push(s), log: () => {}, visibilityMarginMs: MARGIN });
  await ingest([
    // In time: shipped 6 min after the request.
    ce({ type: "test.pick.requested", time: iso(now - 30 * MIN), correlationid: "c-met" }),
    ce({ type: "test.pick.done.full", time: iso(now - 28 * MIN), correlationid: "c-met", sourcesystem: "WMS" }),
    ce({ type: "test.pick.shipped", time: iso(now - 24 * MIN), correlationid: "c-met", sourcesystem: "WMS" }),
    // Late: shipped 15 min after; the stage target (3 min) is missed too.
    ce({ type: "test.pick.requested", time: iso(now - 40 * MIN), correlationid: "c-late" }),
    ce({ type: "test.pick.done", time: iso(now - 35 * MIN), correlationid: "c-late", sourcesystem: "WMS" }),
    ce({ type: "test.pick.shipped", time: iso(now - 25 * MIN), correlationid: "c-late", sourcesystem: "WMS" }),
    // Shipped by the wrong system: the stage's source pattern does not match, so still open and now overdue.
    ce({ type: "test.pick.requested", time: iso(now - 12 * MIN), correlationid: "c-overdue" }),
    ce({ type: "test.pick.done", time: iso(now - 11 * MIN), correlationid: "c-overdue", sourcesystem: "WMS" }),
    ce({ type: "test.pick.shipped", time: iso(now - 10 * MIN), correlationid: "c-overdue", sourcesystem: "ERP" }),
    // At risk: 9 of 10 minutes gone.
    ce({ type: "test.pick.requested", time: iso(now - 9 * MIN), correlationid: "c-risk" }),
    ce({ type: "test.pick.done", time: iso(now - 8 * MIN), correlationid: "c-risk", sourcesystem: "WMS" }),
    // The same 9 minutes at P2, whose override gives 20: still open.
    ce({ type: "test.pick.requested", time: iso(now - 9 * MIN), correlationid: "c-p2", plant: "P2" }),
    ce({ type: "test.pick.done", time: iso(now - 8 * MIN), correlationid: "c-p2", plant: "P2", sourcesystem: "WMS" }),
    // Dead-lettered hand-off, never delivered: failed before its deadline.
    ce({ type: "test.pick.requested", time: iso(now - 2 * MIN), correlationid: "c-dead" }),
    ce({ id: "dead-1", type: "integration.message.deadlettered", time: iso(now - 1 * MIN), correlationid: "c-dead", sourcesystem: "MIDDLEWARE", messageid: "m-dead" }),
    // A default workflow: an order released 12 minutes ago and never acknowledged (2-min SLA; 10-min non-event).
    ce({ type: "mfg.order.released", time: iso(now - 12 * MIN), correlationid: "c-order", orderid: "O-1" }),
  ]);
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("SLA engine", () => {
  it("judges every instance once per change: met, late, overdue, at risk, plant override, failed", async () => {
    const report = await engine.cycle(Date.now());
    expect(report.evaluated).toBe(7);
    expect(await state("c-met")).toMatchObject({ workflow: "pick-to-ship", status: "completed", sla_state: "met", current_stage: "" });
    expect(await state("c-late")).toMatchObject({ status: "completed", sla_state: "breached" });
    expect(Number((await state("c-late"))!.over_by_ms)).toBe(5 * MIN);
    expect(await state("c-overdue")).toMatchObject({ status: "open", sla_state: "breached", current_stage: "shipped" });
    expect(await state("c-risk")).toMatchObject({ status: "open", sla_state: "at_risk", at_risk_reason: "share" });
    expect(await state("c-p2")).toMatchObject({ status: "open", sla_state: "open" });
    expect(await state("c-dead")).toMatchObject({ status: "failed", sla_state: "at_risk", at_risk_reason: "failed", dead_letters: 1 });
    expect(await state("c-order")).toMatchObject({ workflow: "order-release-to-mes", status: "open", sla_state: "breached" });
    // Once the look-back has passed, a cycle with nothing new judges nothing.
    await pastMargin();
    await engine.cycle(Date.now());
    await pastMargin();
    expect((await engine.cycle(Date.now())).evaluated).toBe(0);
  });

  it("records each breach once with a stable id, and non-events beside them", async () => {
    const breaches = await rows<{ breach_id: string; kind: string; definition: string; correlation_id: string; status: string; stage: string }>(
      "SELECT breach_id, kind, definition, correlation_id, status, stage FROM sla_breaches FINAL ORDER BY correlation_id, kind, stage",
    );
    const of = (corr: string) => breaches.filter((b) => b.correlation_id === corr).map((b) => `${b.kind}/${b.stage}/${b.status}`);
    expect(of("c-late")).toEqual(["end_to_end//closed", "stage/picked/closed"]);
    expect(of("c-overdue")).toEqual(["end_to_end//open"]);
    expect(of("c-met")).toEqual([]);
    expect(of("c-order")).toEqual(["end_to_end//open", "missing_response//open"]);
    const all = await rows<{ n: string }>("SELECT count() AS n FROM sla_breaches");
    expect(Number(all[0]!.n)).toBe(breaches.length);
    expect(breaches.every((b) => /^(br|ne|burn):[0-9a-f]{24}$/.test(b.breach_id))).toBe(true);
  });

  it("signals firing breaches every cycle and a breach as resolved once, when the late message arrives", async () => {
    const overdue = (s: AlertSignal[]) => s.find((x) => x.labels.correlation_id === "c-overdue" && x.kind === "sla_breach");
    expect(overdue(signals.at(-1)!)).toMatchObject({ state: "firing", path: "/trace/c-overdue", severity: "critical" });
    await ingest([ce({ type: "test.pick.shipped", time: iso(Date.now()), correlationid: "c-overdue", sourcesystem: "WMS" })]);
    await engine.cycle(Date.now());
    expect(overdue(signals.at(-1)!)).toMatchObject({ state: "resolved" });
    await engine.cycle(Date.now());
    expect(overdue(signals.at(-1)!)).toBeUndefined();
    expect(await state("c-overdue")).toMatchObject({ status: "completed", sla_state: "breached" });
  });

  it("keeps the worklist table to the instances that need action now, each with its latest state", async () => {
    const needing = await rows<{ correlation_id: string; status: string; sla_state: string }>(
      `SELECT correlation_id, status, sla_state FROM workflow_instance_states FINAL
       WHERE workflow != '' AND ((status != 'completed' AND sla_state IN ('breached', 'at_risk')) OR status = 'failed') ORDER BY correlation_id`,
    );
    expect(needing.map((r) => r.correlation_id)).toEqual(expect.arrayContaining(["c-dead", "c-order", "c-risk"]));
    expect(await rows("SELECT correlation_id, status, sla_state FROM workflow_instance_worklist FINAL ORDER BY correlation_id")).toEqual(needing);
    // Late, then shipped: it left the list, and none of its rows stayed behind.
    expect(await rows("SELECT status FROM workflow_instance_worklist WHERE correlation_id = 'c-overdue'")).toEqual([]);
  });

  it("finds an open instance again when its deadline falls due, without a new event", async () => {
    await ingest([ce({ type: "test.pick.requested", time: iso(Date.now() - 10 * MIN + 3_000), correlationid: "c-due" })]);
    await engine.cycle(Date.now());
    expect(await state("c-due")).toMatchObject({ sla_state: "at_risk" });
    await new Promise((r) => setTimeout(r, 3_500));
    // No event arrived within the look-back: only its due time can have brought it back.
    const report = await engine.cycle(Date.now());
    expect(report.candidates).toBeGreaterThanOrEqual(1);
    expect(await state("c-due")).toMatchObject({ sla_state: "breached" });
  });

  it("resumes from its stored watermark after a restart", async () => {
    await pastMargin();
    await engine.cycle(Date.now());
    await pastMargin();
    engine.reset();
    expect((await engine.cycle(Date.now())).evaluated).toBe(0);
  });

  it("keeps open breaches, burn windows and daily totals in memory that agree with a full read of the store", async () => {
    // Every cycle so far fed the engine's memory with its own writes since the first one read the store.
    // Orders at a plant of their own, so the tests below count what they did before.
    const t = Date.now();
    await ingest([
      ce({ type: "mfg.order.released", time: iso(t - 20 * MIN), correlationid: "c-mem-late", plant: "P3", orderid: "O-mem-1" }),
      ce({ type: "mfg.order.released", time: iso(t - 5 * MIN), correlationid: "c-mem-met", plant: "P3", orderid: "O-mem-2" }),
      ce({ type: "mfg.order.received", time: iso(t - 5 * MIN + 20_000), correlationid: "c-mem-met", plant: "P3", orderid: "O-mem-2", sourcesystem: "MES" }),
      ce({ type: "mfg.order.acknowledged", time: iso(t - 4 * MIN), correlationid: "c-mem-met", plant: "P3", orderid: "O-mem-2", sourcesystem: "MES" }),
    ]);
    const gauges = async () => {
      const m = metrics();
      const read = async (g: { get(): Promise<{ values: { labels: Record<string, string | number | undefined>; value: number }[] }> }) =>
        (await g.get()).values.map((v) => `${v.labels.workflow}/${v.labels.plant}/${v.labels.window ?? v.labels.kind}=${v.value}`).sort();
      return { burn: await read(m.sloBurnRate), attainment: await read(m.sloAttainment), open: await read(m.slaOpenBreaches) };
    };
    const fromStore = async (at: number) => {
      const objective = (wf: string) => definitions.workflows.find((w) => w.key === wf)?.spec.sla.objective ?? 0.99;
      const burn = (await burnWindowCounts(ch, at)).flatMap((c) => Object.entries(c.windows).map(([w, n]) => `${c.workflow}/${c.plant}/${w}=${burnRate(n, objective(c.workflow))}`));
      const att = (await attainmentCounts(ch, [1, 7, 30, 90], at)).flatMap((c) => Object.entries(c.windows).flatMap(([w, n]) => (n.total > 0 ? [`${c.workflow}/${c.plant}/${w}=${attainment(n)}`] : [])));
      const open = new Map<string, number>();
      for (const b of await openBreaches(ch)) open.set(`${b.definition}/${b.plant}/${b.kind}`, (open.get(`${b.definition}/${b.plant}/${b.kind}`) ?? 0) + 1);
      return { burn: burn.filter((b) => !b.endsWith("=null")).sort(), attainment: att.sort(), open: [...open].map(([k, n]) => `${k}=${n}`).sort() };
    };

    const at = Date.now();
    const report = await engine.cycle(at);
    expect(report.evaluated).toBeGreaterThanOrEqual(2);
    const incremental = await gauges();
    expect(incremental.burn.length).toBeGreaterThan(0);
    expect(incremental.attainment.length).toBeGreaterThan(0);
    expect(incremental.burn.some((g) => g.startsWith("order-release-to-mes/P3/"))).toBe(true);
    expect(incremental.open.some((g) => g.startsWith("order-release-to-mes/P3/end_to_end="))).toBe(true);
    expect(incremental).toEqual(await fromStore(at));
    // The digest the engine checks its open breaches against every few minutes agrees with their ids.
    const ids = (await openBreaches(ch)).map((b) => b.breachId);
    expect(sameOpenBreaches(await openBreachesDigest(ch), ids)).toBe(true);
    expect(sameOpenBreaches(await openBreachesDigest(ch), ids.slice(1))).toBe(false);

    // A restarted engine reads the same state from the store.
    await pastMargin();
    engine.reset();
    const later = Date.now();
    await engine.cycle(later);
    expect(await gauges()).toEqual(await fromStore(later));
  });

  it("rolls decided outcomes up per day and workflow, exactly once each", async () => {
    const engineForRollup = createSlaEngine({ clickhouse: ch, definitions: async () => definitions, clock: () => wallClock, log: () => {}, visibilityMarginMs: MARGIN });
    await engineForRollup.cycle(Date.now() + 2 * 60_000);
    const daily = await rows<{ workflow: string; decided: number; met: number }>(
      "SELECT workflow, sum(decided) AS decided, sum(met) AS met FROM sla_daily FINAL WHERE stage = '' AND workflow = 'pick-to-ship' GROUP BY workflow",
    );
    // Decided: met, late, overdue, due and, two minutes on, risk; p2 and dead are still within their deadlines.
    expect(daily[0]).toMatchObject({ decided: 5, met: 1 });
  });

  it("raises a volume non-event for a plant that went quiet", async () => {
    const ne = await rows<{ plant: string; status: string; summary: string }>("SELECT plant, status, summary FROM sla_breaches FINAL WHERE kind = 'volume'");
    // P1 and P2 sent picks this week; the last complete 5-minute window may or may not hold one.
    for (const b of ne) expect(b.summary).toMatch(/^Too few picks at P[12]: 0 in 5 min, fewer than 1 expected$/);
  });

  it("answers a plant's late and at-risk list from one key range", async () => {
    const list = await rows<{ correlation_id: string; sla_state: string }>(
      `SELECT correlation_id, sla_state FROM workflow_instance_states FINAL
       WHERE plant = {plant:String} AND workflow = {wf:String} AND sla_state IN ('breached', 'at_risk') AND status != 'completed' ORDER BY correlation_id`,
      { plant: "P1", wf: "pick-to-ship" },
    );
    expect(list.map((r) => r.correlation_id)).toEqual(["c-dead", "c-due", "c-risk"]);
  });

  it("lets go of an open breach the store no longer holds (retention) at its next check by id", async () => {
    const told: AlertSignal[][] = [];
    const fresh = createSlaEngine({ clickhouse: ch, definitions: async () => definitions, clock: () => wallClock, notify: async (s) => void told.push(s), log: () => {}, visibilityMarginMs: MARGIN });
    const firingIds = () => told.at(-1)!.filter((s) => s.state === "firing").map((s) => s.id);
    const t = Date.now();
    await fresh.cycle(t);
    // The order nobody acknowledged: breached for good, with nothing left to check, so no cycle writes its breach again.
    const [gone] = (await openBreaches(ch)).filter((b) => b.correlationId === "c-order" && b.kind === "end_to_end");
    expect(firingIds()).toContain(gone!.breachId);
    await ch.command({ query: "DELETE FROM sla_breaches WHERE breach_id = {id:String}", query_params: { id: gone!.breachId } });
    await fresh.cycle(t + MIN);
    expect(firingIds()).toContain(gone!.breachId);
    await fresh.cycle(t + 5 * MIN + 1);
    expect(firingIds()).not.toContain(gone!.breachId);
    expect(firingIds().sort()).toEqual((await openBreaches(ch)).map((b) => b.breachId).sort());
  });
});
