import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudEvent } from "../lib/events/contract";
import { embeddedTestEnv } from "./embedded-env";

// The SLA views' queries on real chDB: events go through the ingest path, engine cycles judge
// them, and the views must count what the engine decided, within each caller's plants.
const dir = embeddedTestEnv("sla-views");

const { getRuntime } = await import("../server/runtime");
const { createSlaEngine } = await import("../server/sla/sla-engine");
const { defaultDefinitionVersions } = await import("../lib/slas/default-definitions");
const { wallClock } = await import("../lib/slas/wall-clock");
const { loadSlaSummary, loadSlaTrend, loadWorklist, loadLotExceptions } = await import("../lib/slas/sla-views");
const { instanceFilterSchema } = await import("../lib/slas/queries/instance-filter");
const { judgeInstance } = await import("../lib/slas/judge-instance");
const { defaultViewDefinitions } = await import("../lib/slas/view-definitions");
const view = defaultViewDefinitions();
const { parseTimeRange } = await import("../lib/ui/time-range");

const MIN = 60_000;
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
let seq = 0;
const ce = (e: Partial<CloudEvent> & { type: string; time: string; correlationid: string }): CloudEvent => ({ specversion: "1.0", id: `v-${++seq}`, source: "/plants/P1", sourcesystem: "ERP", plant: "P1", ...e });

// order-release-to-mes: 2-minute SLA until acknowledged by MES.
const order = (corr: string, plant: string, start: number, ackAfterMs: number | null, orderId: string): CloudEvent[] => [
  ce({ type: "mfg.order.released", time: iso(start), correlationid: corr, plant, orderid: orderId }),
  ce({ type: "mfg.order.received", time: iso(start + 20_000), correlationid: corr, plant, orderid: orderId, sourcesystem: "MES" }),
  ...(ackAfterMs === null ? [] : [ce({ type: "mfg.order.acknowledged", time: iso(start + ackAfterMs), correlationid: corr, plant, orderid: orderId, sourcesystem: "MES" })]),
];

let ch: Awaited<ReturnType<typeof getRuntime>>["clickhouse"];
const range = () => parseTimeRange({ range: "24h" }, Date.now());

beforeAll(async () => {
  const runtime = await getRuntime();
  ch = runtime.clickhouse;
  const events = [
    ...order("o-met-1", "P1", now - 60 * MIN, 60_000, "O-1"),
    ...order("o-met-2", "P1", now - 50 * MIN, 90_000, "O-2"),
    ...order("o-late", "P1", now - 40 * MIN, 5 * MIN, "O-3"),
    ...order("o-open-late", "P2", now - 30 * MIN, null, "O-4"),
    ...order("o-met-p2", "P2", now - 20 * MIN, 30_000, "O-5"),
    // A dead-lettered confirmation posting at P1: failed, at risk.
    ce({ type: "mfg.lot.consumed", time: iso(now - 2 * MIN), correlationid: "c-dead", lotid: "L-1", orderid: "O-1", sourcesystem: "MES" }),
    ce({ type: "integration.message.deadlettered", time: iso(now - 1 * MIN), correlationid: "c-dead", sourcesystem: "MIDDLEWARE", messageid: "m-1" }),
    // A lot held in QMS while ERP still has it unrestricted, and one held everywhere.
    ce({ type: "mfg.lot.received", time: iso(now - 90 * MIN), correlationid: "l-1", lotid: "L-HELD", data: { item: "X" } }),
    ce({ type: "mfg.inspection.failed", time: iso(now - 80 * MIN), correlationid: "l-2", lotid: "L-HELD", sourcesystem: "QMS" }),
    ce({ type: "mfg.lot.received", time: iso(now - 90 * MIN), correlationid: "l-3", lotid: "L-P2", plant: "P2", data: { item: "X" } }),
    ce({ type: "mfg.hold.placed", time: iso(now - 70 * MIN), correlationid: "l-4", lotid: "L-P2", plant: "P2" }),
  ];
  const result = await runtime.ingest.ingest(events, { channel: "http", requestId: "sla-views" });
  expect(result).toMatchObject({ accepted: events.length });
  const engine = createSlaEngine({ clickhouse: ch, definitions: async () => ({ ...defaultDefinitionVersions(), calendars: [] }), clock: () => wallClock, log: () => {}, visibilityMarginMs: 500 });
  await engine.cycle(Date.now());
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("SLA views", () => {
  it("counts attainment per workflow × plant and in total, with budgets and KPIs", async () => {
    const t0 = performance.now();
    const s = await loadSlaSummary(ch, view, range(), null);
    const ms = performance.now() - t0;
    const orders = s.workflows.find((w) => w.key === "order-release-to-mes")!;
    expect(orders.cells.P1).toMatchObject({ decided: 3, met: 2 });
    expect(orders.cells.P2).toMatchObject({ decided: 2, met: 1 });
    expect(orders.total).toMatchObject({ decided: 5, met: 3, health: "exhausted" });
    expect(orders.total.p95Ms).toBeGreaterThan(60_000);
    expect(s.kpis.find((k) => k.id === "order-release")!.value).toBe("60.0 %");
    // The lots' receipts were never inspected and the failed inspection never held: 0 % is worst.
    expect(s.budgets[0]).toMatchObject({ workflow: "receipt-to-inspection", health: "exhausted", breached: 1 });
    expect(s.budgets.find((b) => b.workflow === "order-release-to-mes" && b.plant === "P1")).toMatchObject({ decided: 3, breached: 1 });
    expect(s.stageLatency.find((l) => l.workflow === "order-release-to-mes")!.stages.map((x) => x.key)).toEqual(["order-released", "order-received", "order-acknowledged"]);
    expect(s.breaches.map((b) => b.correlationId)).toContain("o-open-late");
    console.log(`loadSlaSummary on a small store: ${ms.toFixed(0)} ms`);
  });

  it("keeps a plant manager to their plants", async () => {
    const s = await loadSlaSummary(ch, view, range(), ["P2"]);
    const orders = s.workflows.find((w) => w.key === "order-release-to-mes")!;
    expect(Object.keys(orders.cells)).toEqual(["P2"]);
    expect(orders.total).toMatchObject({ decided: 2, met: 1 });
    expect(s.breaches.every((b) => b.plant === "P2" || b.plant === "")).toBe(true);
    const trend = await loadSlaTrend(ch, view, range(), ["P2"]);
    // Two orders and L-P2's receipt, which was never inspected.
    expect(trend.rows.reduce((n, r) => n + r.decided, 0)).toBe(3);
    const list = await loadWorklist(ch, instanceFilterSchema.parse({}), range(), ["P2"]);
    expect(list.items.map((i) => i.correlationId).sort()).toEqual(["l-3", "o-open-late"]);
    const lots = await loadLotExceptions(ch, ["P2"]);
    expect(lots.items.map((l) => l.lotId)).toEqual(["L-P2"]);
  });

  it("lists late, at-risk and failed instances with their orders and lots, filtered and sorted", async () => {
    const list = await loadWorklist(ch, instanceFilterSchema.parse({}), range(), null);
    // Receipts never inspected (l-1, l-3) and a failed inspection never held (l-2) are late too.
    expect(list.items.map((i) => i.correlationId).sort()).toEqual(["c-dead", "l-1", "l-2", "l-3", "o-open-late"]);
    const late = list.items.find((i) => i.correlationId === "o-open-late")!;
    expect(late).toMatchObject({ workflow: "order-release-to-mes", plant: "P2", slaState: "breached", status: "open", currentStage: "order-acknowledged", orders: ["O-4"] });
    expect(late.overByMs).toBeGreaterThan(27 * MIN);
    expect(list.items.find((i) => i.correlationId === "c-dead")).toMatchObject({ status: "failed", slaState: "at_risk", atRiskReason: "failed", lots: ["L-1"] });
    const breached = await loadWorklist(ch, instanceFilterSchema.parse({ workflow: "order-release-to-mes", sla_state: "breached", sort: "over_by" }), range(), null);
    expect(breached.items.map((i) => i.correlationId)).toEqual(["o-open-late", "o-late"]);
    const limited = await loadWorklist(ch, instanceFilterSchema.parse({ sla_state: "met", limit: "2" }), range(), null);
    expect(limited).toMatchObject({ truncated: true });
    expect(limited.items).toHaveLength(2);
    expect(instanceFilterSchema.safeParse({ sla_state: "late" }).success).toBe(false);
  });

  it("lists held lots with since-when, and whether another system still releases them", async () => {
    const lots = await loadLotExceptions(ch, null);
    const held = lots.items.find((l) => l.lotId === "L-HELD")!;
    expect(held).toMatchObject({ plant: "P1", divergent: true, releasedIn: ["ERP"], heldSince: iso(now - 80 * MIN), divergentSince: iso(now - 80 * MIN) });
    expect(held.blocked).toEqual([{ system: "QMS", status: "rejected", since: iso(now - 80 * MIN) }]);
    // ERP received and then blocked L-P2 itself: held, no disagreement.
    expect(lots.items.find((l) => l.lotId === "L-P2")).toMatchObject({ divergent: false, heldSince: iso(now - 70 * MIN) });
  });

  it("judges a trace on the spot as the engine does: a dead letter is failed, a completed order stops counting", async () => {
    const dead = await judgeInstance(ch, "c-dead", view);
    expect(dead).toMatchObject({ workflow: "confirmation-to-inventory", status: "failed", endToEnd: { state: "at_risk", atRiskReason: "failed" } });
    const met = await judgeInstance(ch, "o-met-1", view);
    expect(met).toMatchObject({ status: "completed", endToEnd: { state: "met", reachedAt: now - 60 * MIN + 60_000 } });
    const later = await judgeInstance(ch, "o-met-1", view, Date.now() + 86_400_000);
    expect(later!.endToEnd.state).toBe("met");
    expect(await judgeInstance(ch, "l-1", view)).toMatchObject({ workflow: "receipt-to-inspection" });
    expect(await judgeInstance(ch, "no-such-id", view)).toBeNull();
  });
});
