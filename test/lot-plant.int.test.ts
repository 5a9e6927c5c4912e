import type { ClickHouseClient } from "@clickhouse/client";
import type { Db } from "../lib/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import type { CloudEvent } from "../lib/events/contract";
import { embeddedTestEnv } from "./embedded-env";

// A lot received at plant P100 and consumed at plant P200 into a lot made there, through the real
// views and route handlers (chDB and PGlite in a fresh data directory).
const dir = embeddedTestEnv("lot-plant");

const { getRuntime, getDb } = await import("../server/runtime");
const { createApiToken } = await import("../lib/auth/api-tokens");
const { getLotView } = await import("../lib/lots/lot-view");
const { getGenealogyView } = await import("../lib/genealogy/genealogy-view");
const { loadEvidencePack } = await import("../lib/evidence/load-evidence");
const { keyTimelineForActor } = await import("../lib/trace/key-timeline-for-actor");
const { searchIds } = await import("../lib/queries/search-ids");
const lotRoute = await import("../app/api/v1/lots/[id]/route");
const genealogyRoute = await import("../app/api/v1/lots/[id]/genealogy/route");
const evidenceRoute = await import("../app/api/v1/lots/[id]/evidence/route");
const timelineRoute = await import("../app/api/v1/lots/[id]/timeline/route");

const RAW = "L-HOME-RAW-1";
const MADE = "L-HOME-MADE-1";
// Named only by status updates, first at P100 and later at P900: no event says where it was made.
const UNSOURCED = "L-HOME-UNSOURCED-1";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 9, minute)).toISOString();
const ce = (e: Partial<CloudEvent> & { id: string; type: string; plant: string }): CloudEvent => ({ specversion: "1.0", source: `/plants/${e.plant}`, sourcesystem: "ERP", ...e });
const EVENTS: CloudEvent[] = [
  ce({ id: "h-1", type: "mfg.lot.received", time: at(0), plant: "P100", lotid: RAW, correlationid: "corr-home-recv", data: { item: "RESIN", quantity: 100, uom: "KG", supplier: "Acme" } }),
  ce({ id: "h-2", type: "mfg.lot.consumed", time: at(10), plant: "P200", lotid: RAW, correlationid: "corr-home-make", sourcesystem: "MES", data: { outputs: [{ lotId: MADE, quantity: 10, uom: "EA" }], operation: "assemble" } }),
  ce({ id: "h-3", type: "mfg.lot.produced", time: at(11), plant: "P200", lotid: MADE, correlationid: "corr-home-make", sourcesystem: "MES", data: { item: "HOUSING", quantity: 10, uom: "EA", inputs: [{ lotId: RAW, quantity: 40, uom: "KG" }], operation: "assemble" } }),
  ce({ id: "h-4", type: "mfg.stock.status_updated", time: at(1), plant: "P100", lotid: UNSOURCED, correlationid: "corr-home-stock-1", data: { stockStatus: "unrestricted" } }),
  ce({ id: "h-5", type: "mfg.stock.status_updated", time: at(20), plant: "P900", lotid: UNSOURCED, correlationid: "corr-home-stock-2", data: { stockStatus: "blocked" } }),
];

const admin: Actor = { id: "u-admin", email: "admin@example.test", name: "Admin", role: "admin", plants: null };
const managerOf = (plant: string): Actor => ({ id: `u-pm-${plant}`, email: `pm-${plant}@example.test`, name: "PM", role: "plant_manager", plants: [plant] });
const maker = managerOf("P100");
const consumer = managerOf("P200");
const tokens: Record<string, string> = {};

let ch!: ClickHouseClient;
let db!: Db;

beforeAll(async () => {
  const booted = await getRuntime();
  ch = booted.clickhouse;
  db = booted.db!;
  const runtime = await getRuntime();
  const result = await runtime.ingest.ingest(EVENTS, { channel: "http", requestId: "lot-plant" });
  expect(result).toMatchObject({ accepted: EVENTS.length });
  const user = await (await getDb()).user.findFirstOrThrow({ where: { role: "admin" } });
  const createdBy: Actor = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
  for (const plant of ["P100", "P200"]) tokens[plant] = (await createApiToken({ name: `pm-${plant}`, role: "plant_manager", plants: [plant], createdBy }, { db })).token;
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

const statusOf = async (page: { status: string }) => page.status;

describe("the plant a lot belongs to (real chDB)", () => {
  it("is the plant that received or produced it, not a later plant that consumed it", async () => {
    const view = await getLotView(ch, admin, RAW);
    if (view.status !== "ok") throw new Error(view.status);
    expect(view.lot.plant).toBe("P100");
    // Its page lists every event that names it, the consumption at P200 included.
    expect(view.lot.events.map((e) => e.plant)).toEqual(["P100", "P200"]);
    const made = await getLotView(ch, admin, MADE);
    expect(made.status === "ok" && made.lot.plant).toBe("P200");
  });

  it("without a receipt or production, is the first plant that named it", async () => {
    const view = await getLotView(ch, admin, UNSOURCED);
    expect(view.status === "ok" && view.lot.plant).toBe("P100");
  });

  it("opens the lot, its genealogy, evidence and timeline to the making plant's manager, and none of them to the consuming plant's", async () => {
    expect(await statusOf(await getLotView(ch, maker, RAW))).toBe("ok");
    expect(await statusOf(await getGenealogyView(ch, maker, RAW, "forward", 5))).toBe("ok");
    expect(await statusOf(await loadEvidencePack(ch, maker, RAW, 5))).toBe("ok");
    const timeline = await keyTimelineForActor(ch, maker, "lot", RAW);
    if (timeline.status !== "ok") throw new Error(timeline.status);
    // The timeline keeps the trace rule: events of the consuming plant are counted, not shown.
    expect(timeline.events.every((e) => e.plant === "P100")).toBe(true);
    expect(timeline.hiddenEvents).toBe(2);

    expect(await statusOf(await getLotView(ch, consumer, RAW))).toBe("forbidden");
    expect(await statusOf(await getGenealogyView(ch, consumer, RAW, "forward", 5))).toBe("forbidden");
    expect(await statusOf(await loadEvidencePack(ch, consumer, RAW, 5))).toBe("forbidden");
    expect(await statusOf(await keyTimelineForActor(ch, consumer, "lot", RAW))).toBe("forbidden");
  });

  it("shows the consuming plant the lot as an input of its own lot: its id only", async () => {
    const backward = await getGenealogyView(ch, consumer, MADE, "backward", 5);
    if (backward.status !== "ok") throw new Error(backward.status);
    expect(backward.genealogy.nodes.find((n) => n.lotId === RAW)).toMatchObject({ depth: 1, plant: "P100", restricted: true, item: "", quantity: 0 });
    expect(backward.genealogy.edges).toEqual([expect.objectContaining({ from: RAW, to: MADE, operation: "assemble" })]);
  });

  it("finds the lot in the search of its plant only, with its plant", async () => {
    expect((await searchIds(ch, RAW, null)).filter((h) => h.kind === "lot").map((h) => h.plant)).toEqual(["P100"]);
    expect((await searchIds(ch, RAW, ["P100"])).filter((h) => h.kind === "lot").map((h) => h.plant)).toEqual(["P100"]);
    expect((await searchIds(ch, RAW, ["P200"])).filter((h) => h.kind === "lot")).toEqual([]);
    // The correlation id of the consumption is P200's own and stays findable there.
    expect((await searchIds(ch, "corr-home-make", ["P200"])).map((h) => h.kind)).toEqual(["correlation"]);
  });

  it("answers the API alike: 200 for the making plant's token, 403 for the consuming plant's", async () => {
    const get = (route: { GET: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response> }, path: string, plant: string) =>
      route.GET(new Request(`http://lotline.test/api/v1/lots/${RAW}${path}`, { headers: { authorization: `Bearer ${tokens[plant]}` } }), { params: Promise.resolve({ id: RAW }) }).then((r) => r.status);
    const routes = [
      [lotRoute, ""],
      [genealogyRoute, "/genealogy"],
      [evidenceRoute, "/evidence"],
      [timelineRoute, "/timeline"],
    ] as const;
    for (const [route, path] of routes) {
      expect(await get(route, path, "P100"), `P100 ${path}`).toBe(200);
      expect(await get(route, path, "P200"), `P200 ${path}`).toBe(403);
    }
  });
});
