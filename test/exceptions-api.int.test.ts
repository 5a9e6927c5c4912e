import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import type { CloudEvent } from "../lib/events/contract";
import { BUSINESS_TYPES } from "../lib/workflows/catalog";
import { DATABASE_ENGINE, databaseEnv } from "./database-env";
import { embeddedTestEnv } from "./embedded-env";

// The exception inbox end to end on real chDB and PGlite (or PostgreSQL 15): failing messages
// through the ingest path, the exceptions job, then triage through the route handlers with API
// tokens of each role.
const database = await databaseEnv("exceptions_api");
const dir = embeddedTestEnv("exceptions-api", database.env);

const { getRuntime, getDb } = await import("../server/runtime");
const { createApiToken } = await import("../lib/auth/api-tokens");
const { runExceptionsCycle, DEFAULT_CYCLE } = await import("../lib/exceptions/exceptions-cycle");
const listRoute = await import("../app/api/v1/exceptions/route");
const bulkRoute = await import("../app/api/v1/exceptions/actions/route");
const groupRoute = await import("../app/api/v1/exceptions/groups/[id]/route");
const actionRoute = await import("../app/api/v1/exceptions/groups/[id]/actions/route");
const commentRoute = await import("../app/api/v1/exceptions/groups/[id]/comments/route");
const ownershipRoute = await import("../app/api/v1/exceptions/ownership/route");
const ownershipIdRoute = await import("../app/api/v1/exceptions/ownership/[id]/route");
const viewsRoute = await import("../app/api/v1/exceptions/views/route");
const viewIdRoute = await import("../app/api/v1/exceptions/views/[id]/route");

const BASE = "http://lotline.test";
const noParams = { params: Promise.resolve({}) as Promise<Record<string, never>> };
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });
const tokens = { admin: "", support: "", support2: "", pm: "", viewer: "" };
let seq = 0;

function request(path: string, token: string | null, init: { method?: string; body?: unknown } = {}) {
  return new Request(`${BASE}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token ?? "llt_not-a-token"}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

interface GroupJson {
  id: string;
  kind: string;
  signature: string;
  count: number;
  openCount: number;
  plants: string[];
  state: string;
  version: number;
  assignee: { kind: string; team?: string; name?: string } | null;
  resolution: string;
  trend: number[];
}

const MINUTE = 60_000;
const base = Date.now() - 30 * MINUTE;

/** One failing message: its failed attempts, then optionally dead-lettered, then optionally delivered (after a replay). */
function message(o: { corr: string; msg: string; plant: string; from: string; to: string; iface: string; status: number; error: string; at: number; attempts?: number; dead?: boolean; delivered?: number; replayed?: boolean }): CloudEvent[] {
  const ev = (type: string, t: number, extra: Partial<CloudEvent> = {}, data: Record<string, unknown> = {}): CloudEvent => ({
    specversion: "1.0",
    id: `exc-${++seq}`,
    source: `/plants/${o.plant}/middleware`,
    sourcesystem: "MIDDLEWARE",
    plant: o.plant,
    type,
    time: new Date(t).toISOString(),
    correlationid: o.corr,
    messageid: o.msg,
    lotid: `LOT-${o.corr}`,
    orderid: `ORD-${o.corr}`,
    data: { interface: o.iface, from: o.from, to: o.to, ...data },
    ...extra,
  });
  const out: CloudEvent[] = [];
  for (let a = 1; a <= (o.attempts ?? 2); a++) out.push(ev("integration.message.failed", o.at + a * 1_000, { errormessage: `${o.error} for message ${o.msg}` }, { attempt: a, httpStatus: o.status }));
  if (o.dead) out.push(ev("integration.message.deadlettered", o.at + 10_000, { errormessage: `moved to dlq.${o.iface} after ${o.attempts ?? 2} failed attempts: ${o.error} for message ${o.msg}` }, { queue: `dlq.${o.iface}` }));
  if (o.replayed && o.delivered) out.push(ev("integration.message.replayed", o.delivered - 500, {}, { replayedBy: "support" }));
  if (o.delivered) out.push(ev("integration.message.delivered", o.delivered, {}, { httpStatus: 201 }));
  return out;
}

const erp429 = (i: number, plant: string, at = base) =>
  message({ corr: `c429-${plant}-${i}-${at}`, msg: `msg-${(i * 7919 + at).toString(16)}`, plant, from: "MES", to: "ERP", iface: "goods-receipt", status: 429, error: "ERP API returned 429 Too Many Requests", at: at + i * 100, dead: i % 3 === 0 });
const mes503 = (i: number, at = base) => message({ corr: `c503-${i}-${at}`, msg: `msg-b${i}${at}`, plant: "P2", from: "ERP", to: "MES", iface: "order-release", status: 503, error: "MES API returned 503 Service Unavailable", at: at + i * 100 });

async function ingest(events: CloudEvent[]) {
  const result = await (await getRuntime()).ingest.ingest(events, { channel: "http", requestId: `exc-req-${++seq}` });
  return result;
}

async function cycle() {
  const runtime = await getRuntime();
  return runExceptionsCycle(runtime.clickhouse, runtime.db!, new Date(), { ...DEFAULT_CYCLE, settleMs: 0, batchSize: 40 });
}

async function list(token: string, query = "") {
  const res = await listRoute.GET(request(`/api/v1/exceptions${query}`, token), noParams);
  expect(res.status).toBe(200);
  return (await res.json()) as { items: GroupJson[]; total: number; nextCursor: string | null };
}

async function groupBySignature(text: string) {
  const found = (await list(tokens.admin, "?state=all&limit=200")).items.find((g) => g.signature.includes(text));
  expect(found, text).toBeDefined();
  return found!;
}

const act = (token: string, id: string, version: number, action: unknown) => actionRoute.POST(request(`/api/v1/exceptions/groups/${id}/actions`, token, { method: "POST", body: { version, action } }), idParams(id));

beforeAll(async () => {
  await getRuntime();
  const db = await getDb();
  const user = await db.user.findFirstOrThrow({ where: { role: "admin" } });
  const admin: Actor = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
  const token = async (name: string, role: "admin" | "support_engineer" | "plant_manager" | "viewer", plants?: string[]) => (await createApiToken({ name, role, ...(plants ? { plants } : {}), createdBy: admin }, { db })).token;
  tokens.admin = await token("exc-admin", "admin");
  tokens.support = await token("exc-support", "support_engineer");
  tokens.support2 = await token("exc-support-2", "support_engineer");
  tokens.pm = await token("exc-pm", "plant_manager", ["P1"]);
  tokens.viewer = await token("exc-viewer", "viewer");

  const events = [...Array.from({ length: 30 }, (_, i) => erp429(i, "P1")), ...Array.from({ length: 5 }, (_, i) => erp429(i, "P2")), ...Array.from({ length: 3 }, (_, i) => mes503(i))].flat();
  expect(await ingest(events)).toMatchObject({ accepted: events.length });
  // Ingest rejects an event of another spec version: an ingest dead letter.
  await ingest([{ ...events[0]!, id: "exc-bad", specversion: "0.3" } as unknown as CloudEvent]);
});

afterAll(async () => {
  await (await getRuntime()).stop();
  await database.drop();
  dir.remove();
});

describe(`exception inbox (${DATABASE_ENGINE})`, () => {
  it("groups failing messages by fingerprint, one exception per message, and re-reading changes nothing", async () => {
    const first = await cycle();
    expect(first.created).toBe(39);
    const g429 = await groupBySignature("goods-receipt 429");
    expect(g429).toMatchObject({ kind: "integration", count: 35, openCount: 35, plants: ["P1", "P2"], state: "new" });
    expect(g429.signature).toBe("integration MES→ERP goods-receipt 429: ERP API returned <n> Too Many Requests for message <id>");
    expect(g429.trend.reduce((a, b) => a + b, 0)).toBe(35);
    expect(await groupBySignature("order-release 503")).toMatchObject({ count: 3, plants: ["P2"] });
    expect(await groupBySignature("ingest_dead_letter")).toMatchObject({ count: 1, plants: [] });

    const again = await cycle();
    expect(again.created).toBe(0);
    expect((await groupBySignature("goods-receipt 429")).count).toBe(35);
  });

  it("filters by plant, system, integration, kind and free text, and pages with a cursor", async () => {
    expect((await list(tokens.support)).total).toBe(3);
    expect((await list(tokens.support, "?plant=P2")).items.map((g) => g.count).sort()).toEqual([3, 35]);
    expect((await list(tokens.support, "?integration=order-release")).items).toHaveLength(1);
    expect((await list(tokens.support, "?system=ERP")).total).toBe(2);
    expect((await list(tokens.support, "?kind=ingest_dead_letter")).total).toBe(1);
    expect((await list(tokens.support, "?q=too%20many")).items.map((g) => g.signature)).toEqual([expect.stringContaining("429")]);
    expect((await list(tokens.support, "?q=LOT-c503-1-" + base)).total).toBe(1);
    const one = await list(tokens.support, "?limit=1&sort=count");
    expect(one.items[0]!.count).toBe(35);
    const two = await list(tokens.support, `?limit=1&sort=count&cursor=${one.nextCursor}`);
    expect(two.items[0]!.count).toBe(3);
    const three = await list(tokens.support, `?limit=1&sort=count&cursor=${two.nextCursor}`);
    expect(three.items).toHaveLength(1);
    expect(three.nextCursor).toBeNull();
    const bad = await listRoute.GET(request("/api/v1/exceptions?state=bogus", tokens.support), noParams);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect((await listRoute.GET(request("/api/v1/exceptions?cursor=nope", tokens.support), noParams)).status).toBe(400);
  });

  it("a plant manager sees only their plants' exceptions and counts, and cannot triage", async () => {
    const mine = await list(tokens.pm, "?state=all");
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ count: 30, plants: ["P1"] });
    const other = await groupBySignature("order-release 503");
    expect((await groupRoute.GET(request(`/api/v1/exceptions/groups/${other.id}`, tokens.pm), idParams(other.id))).status).toBe(404);
    const detail = (await (await groupRoute.GET(request(`/api/v1/exceptions/groups/${mine.items[0]!.id}?limit=100`, tokens.pm), idParams(mine.items[0]!.id))).json()) as { occurrences: { items: { plant: string }[] }; keys: { lots: string[] } };
    expect(detail.occurrences.items).toHaveLength(30);
    expect(new Set(detail.occurrences.items.map((o) => o.plant))).toEqual(new Set(["P1"]));
    expect(detail.keys.lots.every((l) => l.includes("-P1-"))).toBe(true);
    expect((await act(tokens.pm, mine.items[0]!.id, mine.items[0]!.version, { type: "acknowledge" })).status).toBe(403);
  });

  it("answers 401 without credentials and 403 to roles without the permission, on every route", async () => {
    const g = await groupBySignature("order-release 503");
    const calls: [string, (token: string | null) => Promise<Response>][] = [
      ["list", (t) => listRoute.GET(request("/api/v1/exceptions", t), noParams)],
      ["detail", (t) => groupRoute.GET(request(`/api/v1/exceptions/groups/${g.id}`, t), idParams(g.id))],
      ["action", (t) => act(t ?? "", g.id, g.version, { type: "acknowledge" })],
      ["bulk", (t) => bulkRoute.POST(request("/api/v1/exceptions/actions", t, { method: "POST", body: { action: { type: "acknowledge" }, filter: {} } }), noParams)],
      ["comment", (t) => commentRoute.POST(request(`/api/v1/exceptions/groups/${g.id}/comments`, t, { method: "POST", body: { body: "x" } }), idParams(g.id))],
      ["ownership list", (t) => ownershipRoute.GET(request("/api/v1/exceptions/ownership", t), noParams)],
      ["ownership save", (t) => ownershipRoute.POST(request("/api/v1/exceptions/ownership", t, { method: "POST", body: { system: "ERP", team: "t" } }), noParams)],
      ["ownership delete", (t) => ownershipIdRoute.DELETE(request("/api/v1/exceptions/ownership/x", t, { method: "DELETE" }), idParams("x"))],
      ["views list", (t) => viewsRoute.GET(request("/api/v1/exceptions/views", t), noParams)],
      ["views save", (t) => viewsRoute.POST(request("/api/v1/exceptions/views", t, { method: "POST", body: { name: "v", filters: {} } }), noParams)],
      ["views delete", (t) => viewIdRoute.DELETE(request("/api/v1/exceptions/views/x", t, { method: "DELETE" }), idParams("x"))],
    ];
    for (const [name, call] of calls) {
      const anonymous = await call(null);
      expect(anonymous.status, name).toBe(401);
      expect(anonymous.headers.get("content-type"), name).toContain("application/problem+json");
      expect((await call(tokens.viewer)).status, name).toBe(403);
    }
    for (const name of ["action", "bulk", "comment", "ownership save", "ownership delete"]) expect((await calls.find(([n]) => n === name)![1](tokens.pm)).status, name).toBe(403);
    for (const name of ["ownership save", "ownership delete"]) expect((await calls.find(([n]) => n === name)![1](tokens.support)).status, name).toBe(403);
  });

  it("two engineers acting on the same version: the second gets 409 saying what changed, by whom and when", async () => {
    const g = await groupBySignature("goods-receipt 429");
    const first = await act(tokens.support, g.id, g.version, { type: "acknowledge" });
    expect(first.status).toBe(200);
    const second = await act(tokens.support2, g.id, g.version, { type: "assign", team: "erp-team" });
    expect(second.status).toBe(409);
    expect(second.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await second.json()) as { detail: string; current: { state: string; changedBy: string; changedAt: string; version: number } };
    expect(problem.current).toMatchObject({ state: "acknowledged", changedBy: "exc-support", version: g.version + 1 });
    expect(problem.detail).toContain("acknowledged");
    expect(problem.detail).toContain("exc-support");
    expect((await groupBySignature("goods-receipt 429")).state).toBe("acknowledged");
    const audit = await (await getDb()).auditLog.findMany({ where: { action: "exception_group.triaged", entityId: g.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "token:exc-support", before: { state: "new" }, after: { action: "acknowledge", state: "acknowledged" } });
  });

  it("assigns to the owning team from the ownership map admins edit, and keeps a comment thread and history", async () => {
    const g = await groupBySignature("goods-receipt 429");
    expect((await act(tokens.support, g.id, g.version, { type: "assign_owner" })).status).toBe(400);
    const saved = await ownershipRoute.POST(request("/api/v1/exceptions/ownership", tokens.admin, { method: "POST", body: { system: "ERP", team: "erp-basis" } }), noParams);
    expect(saved.status).toBe(201);
    await ownershipRoute.POST(request("/api/v1/exceptions/ownership", tokens.admin, { method: "POST", body: { system: "ERP", interface: "goods-receipt", team: "erp-logistics" } }), noParams);
    expect((await ownershipRoute.POST(request("/api/v1/exceptions/ownership", tokens.admin, { method: "POST", body: { team: "nobody" } }), noParams)).status).toBe(400);
    const assigned = await act(tokens.support, g.id, g.version, { type: "assign_owner" });
    expect(assigned.status).toBe(200);
    expect(((await assigned.json()) as { group: GroupJson }).group).toMatchObject({ state: "assigned", assignee: { kind: "team", team: "erp-logistics" } });

    const comment = await commentRoute.POST(request(`/api/v1/exceptions/groups/${g.id}/comments`, tokens.support2, { method: "POST", body: { body: "ERP quota is 100/min; asked basis to raise it" } }), idParams(g.id));
    expect(comment.status).toBe(201);
    expect((await commentRoute.POST(request(`/api/v1/exceptions/groups/${g.id}/comments`, tokens.support2, { method: "POST", body: { body: "  " } }), idParams(g.id))).status).toBe(400);
    const detail = (await (await groupRoute.GET(request(`/api/v1/exceptions/groups/${g.id}?limit=10`, tokens.support), idParams(g.id))).json()) as {
      comments: { authorName: string; body: string }[];
      history: { action: string; actor: string }[];
      occurrences: { items: { evidence: string; correlationId: string }[]; nextCursor: string | null };
      messageRefs: { correlationId: string; messageId: string }[];
      impact: { lots: number };
    };
    expect(detail.comments).toEqual([expect.objectContaining({ authorName: "exc-support-2", body: "ERP quota is 100/min; asked basis to raise it" })]);
    expect(detail.history.map((h) => h.action)).toEqual(["exception_comment.created", "exception_group.triaged", "exception_group.triaged"]);
    expect(detail.occurrences.items).toHaveLength(10);
    expect(detail.occurrences.items[0]!.evidence).toBe(`/trace/${detail.occurrences.items[0]!.correlationId}`);
    expect(detail.messageRefs).toHaveLength(35);
    // Each message names its own lot, none made into anything: the lots themselves and nothing downstream.
    expect(detail.impact).toMatchObject({ lots: 35, descendantLots: 0, shipments: 0, customers: 0, capped: false });
    const next = (await (await groupRoute.GET(request(`/api/v1/exceptions/groups/${g.id}?limit=30&cursor=${detail.occurrences.nextCursor}`, tokens.support), idParams(g.id))).json()) as { occurrences: { items: unknown[]; nextCursor: string | null } };
    expect(next.occurrences.items).toHaveLength(25);
    expect(next.occurrences.nextCursor).toBeNull();
  });

  it("a resolved group regresses when its error recurs; a group snoozed for N occurrences wakes at the Nth", async () => {
    const g503 = await groupBySignature("order-release 503");
    expect((await act(tokens.support, g503.id, g503.version, { type: "resolve", reason: "MES back up" })).status).toBe(200);
    const g429 = await groupBySignature("goods-receipt 429");
    expect((await act(tokens.support, g429.id, g429.version, { type: "snooze", occurrences: 2 })).status).toBe(200);

    const later = Date.now() - 5 * MINUTE;
    await ingest([...mes503(0, later), ...erp429(0, "P1", later)]);
    await cycle();
    const regressed = await groupBySignature("order-release 503");
    expect(regressed).toMatchObject({ state: "regressed", count: 4 });
    expect(await (await getDb()).auditLog.count({ where: { action: "exception_group.regressed", entityId: g503.id } })).toBe(1);
    expect(await groupBySignature("goods-receipt 429")).toMatchObject({ state: "snoozed", count: 36 });

    await ingest(erp429(1, "P1", later));
    await cycle();
    expect(await groupBySignature("goods-receipt 429")).toMatchObject({ state: "assigned", count: 37, assignee: { team: "erp-logistics" } });
  });

  it("auto-resolves when later telemetry shows every message of a group delivered, on a retry or by a replay, and says why", async () => {
    const at = Date.now() - 10 * MINUTE;
    const qms = (i: number, extra: { delivered?: number; replayed?: boolean } = {}) =>
      message({ corr: `cqms-${i}`, msg: `msg-q${i}`, plant: "P1", from: "MES", to: "QMS", iface: "quality-hold", status: 503, error: "QMS API returned 503 Service Unavailable", at: at + i * 100, dead: true, ...extra });
    await ingest([...qms(1), ...qms(2)]);
    await cycle();
    const g = await groupBySignature("quality-hold 503");
    expect(g).toMatchObject({ count: 2, openCount: 2, state: "new" });

    await ingest(qms(1, { delivered: at + 60_000 }).slice(-1));
    await cycle();
    expect(await groupBySignature("quality-hold 503")).toMatchObject({ openCount: 1, state: "new" });

    const replay = qms(2, { delivered: at + 120_000, replayed: true });
    await ingest(replay.slice(-2));
    await cycle();
    const resolved = await groupBySignature("quality-hold 503");
    expect(resolved).toMatchObject({ openCount: 0, state: "resolved" });
    expect(resolved.resolution).toMatch(/^delivered by a replay at /);
    const records = await (await getDb()).exceptionRecord.findMany({ where: { groupId: g.id }, orderBy: { id: "asc" } });
    expect(records.map((r) => [r.status, r.closedReason.split(" at ")[0]])).toEqual([
      ["closed", "delivered on a retry"],
      ["closed", "delivered by a replay"],
    ]);
    expect(await (await getDb()).auditLog.count({ where: { action: "exception_group.auto_resolved", entityId: g.id } })).toBe(1);
  });

  it("checks old open exceptions for a delivery too, sweeping past the newest a slice per cycle", async () => {
    const now = Date.now();
    const wms = (i: number, at: number, delivered?: number) =>
      message({ corr: `cwms-${i}`, msg: `msg-w${i}`, plant: "P3", from: "WMS", to: "ERP", iface: "putaway-confirm", status: 502, error: "ERP gateway returned 502 Bad Gateway", at, dead: true, ...(delivered ? { delivered } : {}) });
    await ingest([...wms(0, now - 3 * 60 * MINUTE), ...Array.from({ length: 12 }, (_, i) => wms(i + 1, now - 5 * MINUTE + i * 1_000)).flat()]);
    const checks = 10;
    const sweepCycle = async () => {
      const runtime = await getRuntime();
      return runExceptionsCycle(runtime.clickhouse, runtime.db!, new Date(), { ...DEFAULT_CYCLE, settleMs: 0, batchSize: 40, deliveryChecks: checks });
    };
    await sweepCycle();
    const db = await getDb();
    const oldId = (await db.exceptionRecord.findFirstOrThrow({ where: { correlationId: "cwms-0" } })).id;
    const newest = await db.exceptionRecord.findMany({ where: { kind: "integration", status: "open" }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], take: checks / 2 });
    expect(newest.map((r) => r.id)).not.toContain(oldId);

    await ingest(wms(0, now - 3 * 60 * MINUTE, now - MINUTE).slice(-1));
    const open = await db.exceptionRecord.count({ where: { kind: "integration", status: "open" } });
    let cycles = 0;
    while ((await db.exceptionRecord.findUniqueOrThrow({ where: { id: oldId } })).status === "open" && cycles <= open) {
      await sweepCycle();
      cycles += 1;
    }
    expect((await db.exceptionRecord.findUniqueOrThrow({ where: { id: oldId } })).closedReason).toMatch(/^delivered on a retry at /);
    expect(cycles).toBeLessThanOrEqual(Math.ceil(open / (checks / 2)) + 1);
  });

  it("bulk actions on a selection report stale versions; on a filter they take everything it matches", async () => {
    const dl = await groupBySignature("ingest_dead_letter");
    const g503 = await groupBySignature("order-release 503");
    const res = await bulkRoute.POST(request("/api/v1/exceptions/actions", tokens.support, { method: "POST", body: { action: { type: "acknowledge" }, selection: [{ id: dl.id, version: dl.version }, { id: g503.id, version: g503.version - 1 }] } }), noParams);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { applied: number; conflicts: { id: string; state: string }[] };
    expect(report.applied).toBe(1);
    expect(report.conflicts).toEqual([expect.objectContaining({ id: g503.id, state: "regressed" })]);

    const byFilter = await bulkRoute.POST(request("/api/v1/exceptions/actions", tokens.support, { method: "POST", body: { action: { type: "ignore", reason: "integration test traffic" }, filter: { kind: "ingest_dead_letter" } } }), noParams);
    expect(await byFilter.json()).toMatchObject({ matched: 1, applied: 1 });
    expect(await groupBySignature("ingest_dead_letter")).toMatchObject({ state: "ignored" });
    expect((await list(tokens.support)).items.map((g) => g.id)).not.toContain(dl.id);
    const neither = await bulkRoute.POST(request("/api/v1/exceptions/actions", tokens.support, { method: "POST", body: { action: { type: "acknowledge" } } }), noParams);
    expect(neither.status).toBe(400);
  });

  it("ranks by quality risk and business impact: a hold that never reached ERP, on a lot shipped to a customer, comes first", async () => {
    const at = Date.now() - 20 * MINUTE;
    const biz = (type: string, system: string, lotid: string, data: Record<string, unknown>, orderid?: string): CloudEvent => ({
      specversion: "1.0",
      id: `exc-${++seq}`,
      source: `/plants/P1/${system.toLowerCase()}`,
      sourcesystem: system as CloudEvent["sourcesystem"],
      plant: "P1",
      type,
      time: new Date(at + seq * 100).toISOString(),
      correlationid: `corr-gen-${seq}`,
      lotid,
      ...(orderid ? { orderid } : {}),
      data,
    });
    await ingest([
      biz(BUSINESS_TYPES.lotReceived, "ERP", "LOT-SUP-1", { item: "RES", supplier: "Polymer Supply GmbH", supplierLot: "S-1", quantity: 500, uom: "KG" }),
      biz(BUSINESS_TYPES.lotProduced, "MES", "LOT-FG-1", { item: "ASSY", quantity: 10, uom: "EA", operation: "produce", inputs: [{ lotId: "LOT-SUP-1", quantity: 5, uom: "KG" }] }, "ORD-GEN-1"),
      biz(BUSINESS_TYPES.shipmentConfirmed, "WMS", "SHP-GEN-1", { customer: "Hydra Systems AG", operation: "ship", inputs: [{ lotId: "LOT-FG-1", quantity: 1, uom: "EA" }] }),
    ]);
    const hold = message({ corr: "SUP-1", msg: "msg-hold-1", plant: "P1", from: "QMS", to: "ERP", iface: "qms-erp-hold", status: 500, error: "ERP hold service returned 500", at, dead: true });
    expect((await ingest(hold)).rejected).toEqual([]);
    await cycle();

    const top = (await list(tokens.admin)).items[0] as GroupJson & { qualityRisk: string; impact: { lots: number; shipments: number; customers: number } | null };
    expect(top.signature).toContain("qms-erp-hold");
    expect(top.qualityRisk).toBe("critical");
    expect(top.impact).toMatchObject({ lots: 2, shipments: 1, customers: 1 });
    const byRecency = (await list(tokens.admin, "?sort=lastSeen")).items.map((g) => g.id);
    expect(byRecency).toContain(top.id);

    const detail = (await (await groupRoute.GET(request(`/api/v1/exceptions/groups/${top.id}`, tokens.admin), idParams(top.id))).json()) as { qualityRisk: string; impact: { lots: number; descendantLots: number; shipments: number; customers: number; sample: { shipments: string[]; customers: string[] } } };
    expect(detail.qualityRisk).toBe("critical");
    expect(detail.impact).toMatchObject({ lots: 2, descendantLots: 1, shipments: 1, customers: 1, sample: { shipments: ["SHP-GEN-1"], customers: ["Hydra Systems AG"] } });
  });

  it("saves inbox views per user", async () => {
    const saved = await viewsRoute.POST(request("/api/v1/exceptions/views", tokens.support, { method: "POST", body: { name: "ERP at P2", filters: { plant: "P2", system: "ERP" } } }), noParams);
    expect(saved.status).toBe(201);
    const { view } = (await saved.json()) as { view: { id: string } };
    expect(((await (await viewsRoute.GET(request("/api/v1/exceptions/views", tokens.support), noParams)).json()) as { views: { name: string; filters: unknown }[] }).views).toEqual([
      { id: view.id, name: "ERP at P2", filters: { plant: "P2", system: "ERP", state: "open", sort: "priority" } },
    ]);
    expect(((await (await viewsRoute.GET(request("/api/v1/exceptions/views", tokens.support2), noParams)).json()) as { views: unknown[] }).views).toEqual([]);
    expect((await viewIdRoute.DELETE(request(`/api/v1/exceptions/views/${view.id}`, tokens.support2, { method: "DELETE" }), idParams(view.id))).status).toBe(404);
    expect((await viewIdRoute.DELETE(request(`/api/v1/exceptions/views/${view.id}`, tokens.support, { method: "DELETE" }), idParams(view.id))).status).toBe(204);
    expect((await viewsRoute.POST(request("/api/v1/exceptions/views", tokens.support, { method: "POST", body: { name: "x", filters: { state: "bogus" } } }), noParams)).status).toBe(400);
  });
});
