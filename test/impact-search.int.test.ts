import type { ClickHouseClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import { embeddedTestEnv } from "./embedded-env";
import { impactFixture } from "./impact-fixture";

const dir = embeddedTestEnv("impact-search");

const { getRuntime } = await import("../server/runtime");
const { getUpstreamImpact } = await import("../lib/lots/upstream-impact");
const { getLotStates } = await import("../lib/queries/get-lot-states");
const { getLotStatusHistory } = await import("../lib/queries/get-lot-statuses");
const { lotStateOf } = await import("../lib/lots/lot-state");
const { getOrderView } = await import("../lib/orders/order-view");
const { getOrderImpact } = await import("../lib/orders/order-impact");
const { defaultViewDefinitions } = await import("../lib/slas/view-definitions");
const { runSearch } = await import("../lib/search/run-search");
const { parseSearchRequest } = await import("../lib/search/search-params");

const admin: Actor = { id: "u-admin", email: "admin@example.test", name: "Admin", role: "admin", plants: null };
const a = impactFixture("a", "P100");
const b = impactFixture("b", "P200");
let ch!: ClickHouseClient;

beforeAll(async () => {
  const runtime = await getRuntime();
  ch = runtime.clickhouse;
  const answer = await runtime.ingest.ingest([...a.events, ...b.events], { channel: "http", requestId: "impact-fixture" });
  expect(answer.rejected).toEqual([]);
}, 120_000);

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

async function search(query: string, plants: string[] | null = null) {
  const parsed = parseSearchRequest(new URLSearchParams(query), Date.now());
  if (!parsed.ok) throw new Error(parsed.problem);
  return runSearch(ch, parsed.request, plants);
}
const ids = (answer: Awaited<ReturnType<typeof search>>) => answer.results.map((r) => ("id" in r ? r.id : r.messageId)).sort();

describe("impact pushed upward (real chDB, events through the ingest path)", () => {
  it("counts a shipment's held and rejected input lots, all levels back, worst first", async () => {
    const impact = await getUpstreamImpact(ch, null, [a.lots.shipment], { rootsAreInputs: false });
    expect(impact.summary).toEqual({ lots: 8, rejected: 2, held: 1, divergent: 1, heldOrRejected: 3, worst: "rejected" });
    const [raw1, raw2, raw3] = a.lots.raw;
    expect(impact.flagged.map((l) => [l.lotId, l.depth, l.state.standing, l.state.divergent])).toEqual([
      [raw3, 2, "rejected", true],
      [raw1, 3, "rejected", false],
      [raw2, 3, "held", false],
    ]);
    expect(impact.flagged[0]!.state).toMatchObject({ blockedIn: [{ system: "QMS", status: "rejected" }], releasedIn: ["ERP"] });
    expect(impact.restricted).toBe(0);
    expect(impact.truncated).toBe(false);

    // A plant manager of another plant is told how many inputs they cannot judge, not their status.
    const other = await getUpstreamImpact(ch, ["P200"], [a.lots.shipment], { rootsAreInputs: false });
    expect(other.summary.lots).toBe(0);
    expect(other.restricted).toBe(8);
    expect(other.flagged).toEqual([]);
  });

  it("judges each lot in the batch exactly as from its whole status history", async () => {
    const all = [...a.lots.raw, a.lots.int1, a.lots.int2, a.lots.fg, a.lots.shipment];
    const batch = await getLotStates(ch, all, null);
    const history = await getLotStatusHistory(ch, all);
    for (const lot of all) expect(batch.get(lot)!.state, lot).toEqual(lotStateOf(history.filter((h) => h.lotId === lot)));
    expect(batch.get(a.lots.raw[3]!)!.state.standing).toBe("released");
    expect(batch.get(a.lots.fg)!.state).toMatchObject({ standing: "unknown", status: "produced" });
  });

  it("shows an order whose input lot was rejected later: the worst input, the failed inspection, each lot's standing", async () => {
    const view = await getOrderView(ch, defaultViewDefinitions(), admin, a.orders.po1);
    if (view.status !== "ok") throw new Error(view.status);
    const { order } = view;
    const impact = await getOrderImpact(ch, null, order);
    expect(impact.flags).toEqual(["input_rejected", "inspection_failed"]);
    expect(impact.consumedFlagged).toBe(1);
    expect(impact.inspectionsFailed).toBe(1);
    expect(order.lotsConsumed.map((l) => [l.lotId, impact.upstream.states.get(l.lotId)!.state.standing])).toEqual([
      [a.lots.raw[0], "rejected"],
      [a.lots.raw[3], "released"],
    ]);
    expect(impact.upstream.states.get(a.lots.int1)!.state.standing).toBe("unknown");
    const inspection = order.workflows.find((w) => w.adverseEvents > 0)!;
    expect(inspection.outcome).toBe("ok");
    expect(inspection.workflow!.steps[0]).toMatchObject({ label: "Inspection failed", state: "done", adverse: true });
    expect(inspection.workflow!.steps.slice(1).every((s) => !s.adverse)).toBe(true);

    // The order that made the finished lot from the divergent raw lot is warned too.
    const po3 = await getOrderView(ch, defaultViewDefinitions(), admin, a.orders.po3);
    if (po3.status !== "ok") throw new Error(po3.status);
    const fgImpact = await getOrderImpact(ch, null, po3.order);
    expect(fgImpact.upstream.summary).toMatchObject({ lots: 7, heldOrRejected: 3 });
    expect(fgImpact.flags).toEqual(["input_rejected"]);
  });
});

describe("search with filters, pages and error text (real chDB)", () => {
  it("pages through every id of a prefix with its total", async () => {
    const first = await search("q=IMP-a-");
    if (first.scope !== "ids") throw new Error(first.scope);
    expect(first.results).toHaveLength(25);
    expect(first.total).toBeGreaterThan(25);
    expect(first.more).toBe(true);
    const all = await search(`q=IMP-a-&limit=${first.total}`);
    expect(all.results).toHaveLength(first.total);
    expect(all.more).toBe(false);
    // The longer page begins with the shorter one: the order is stable.
    expect(all.results.slice(0, 25)).toEqual(first.results);
    expect(new Set(all.results.map((r) => ("id" in r ? `${r.kind}:${r.id}` : ""))).size).toBe(first.total);
  });

  it("narrows by lot standing, with each lot hit showing its standing", async () => {
    const [raw1, raw2, raw3] = a.lots.raw;
    expect(ids(await search("q=IMP-a-&kind=lot&status=held"))).toEqual([raw2]);
    expect(ids(await search("q=IMP-a-&kind=lot&status=rejected"))).toEqual([raw1, raw3].sort());
    expect(ids(await search("q=IMP-a-&kind=lot&status=divergent"))).toEqual([raw3]);
    expect(ids(await search("q=IMP-a-&kind=lot&status=held,divergent"))).toEqual([raw2, raw3].sort());
    const suppliers = await search("q=IMP-a-&kind=supplier_lot&status=rejected");
    expect(suppliers.results.map((r) => ("target" in r ? r.target : "")).sort()).toEqual([raw1, raw3].sort());
    const hit = (await search(`q=${raw3}`)).results[0]!;
    expect(hit.lotState).toMatchObject({ standing: "rejected", divergent: true });
  });

  it("narrows by failures within the window, plant, source system and last-seen time", async () => {
    expect(ids(await search("q=IMP-a-&kind=lot&status=failed"))).toEqual([a.lots.raw[2], a.lots.raw[3], a.lots.fg].sort());
    expect(ids(await search("q=IMP-a-&kind=lot,message&status=dead_lettered"))).toEqual(["IMP-a-msg-fail2", a.lots.raw[2]].sort());
    // Failures an hour old are outside a window that ended before them.
    const before = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const longBefore = new Date(Date.now() - 3 * 86_400_000).toISOString();
    expect((await search(`q=IMP-a-&status=failed&from=${longBefore}&to=${before}`)).results).toEqual([]);
    expect((await search(`q=IMP-a-&from=${longBefore}&to=${before}`)).results).toEqual([]);
    expect((await search("q=IMP-a-&range=1h")).total).toBe((await search("q=IMP-a-")).total);

    expect(ids(await search("q=IMP-a-&kind=lot&system=QMS"))).toEqual([a.lots.raw[0], a.lots.raw[2], a.lots.raw[3], a.lots.raw[4]].sort());
    expect(ids(await search("q=IMP-&kind=shipment&plant=P200"))).toEqual([b.lots.shipment]);
    expect(ids(await search("q=IMP-&kind=shipment"))).toEqual([a.lots.shipment, b.lots.shipment].sort());
    // A plant manager's scope still applies under a plant filter.
    expect((await search("q=IMP-&kind=shipment&plant=P100", ["P200"])).results).toEqual([]);
  });

  it("finds failed events by words of their error text, case-insensitive, newest first, bounded by the window", async () => {
    const found = await search(`q=${encodeURIComponent("connection REFUSED")}&plant=P100`);
    if (found.scope !== "errors") throw new Error(found.scope);
    expect(found.results.map((r) => r.messageId)).toEqual(["IMP-a-msg-fail4", "IMP-a-msg-fail2", "IMP-a-msg-fail1"]);
    expect(found.total).toBe(3);
    expect(found.results[0]).toMatchObject({ lotId: a.lots.fg, system: "MIDDLEWARE", status: "failed", href: `/trace/IMP-a-corr-fail4?message=IMP-a-msg-fail4` });
    expect(found.results[1]!.lotState).toMatchObject({ standing: "rejected", divergent: true });

    expect(ids(await search(`q=${encodeURIComponent("connection refused")}&in=errors&status=dead_lettered`))).toEqual(["IMP-a-msg-fail2", "IMP-b-msg-fail2"]);
    expect(ids(await search(`q=${encodeURIComponent("connection refused")}&status=rejected&plant=P100`))).toEqual(["IMP-a-msg-fail1", "IMP-a-msg-fail2"]);
    expect((await search(`q=${encodeURIComponent("connection refused")}&system=ERP`)).results).toEqual([]);
    expect((await search(`q=${encodeURIComponent("connection refused")}`, ["P200"])).total).toBe(3);
    const limited = await search(`q=${encodeURIComponent("connection refused")}&limit=2`);
    expect([limited.results.length, limited.total, limited.more]).toEqual([2, 6, true]);
    const before = new Date(Date.now() - 2 * 86_400_000).toISOString();
    expect((await search(`q=${encodeURIComponent("connection refused")}&from=${new Date(Date.now() - 3 * 86_400_000).toISOString()}&to=${before}`)).total).toBe(0);
    // Text that only looks like SQL is a value.
    expect((await search(`q=${encodeURIComponent("') OR 1=1 --")}&in=errors`)).total).toBe(0);
  });
});
