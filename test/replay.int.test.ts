import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import { DATABASE_ENGINE, databaseEnv } from "./database-env";
import { embeddedTestEnv } from "./embedded-env";
import { deadLetteredReleases, laterDelivery, type FailedRelease } from "./replay-harness";

// Replay end to end on the real runtime (chDB, PGlite or PostgreSQL 15): the route handlers with
// API tokens of each role, the worker, and the simulator's replay API as the target.
const database = await databaseEnv("replay");
const dir = embeddedTestEnv("replay", { ...database.env, LOTLINE_REPLAY_APPROVAL_THRESHOLD: "100" });

const { getRuntime, getDb } = await import("../server/runtime");
const { createApiToken } = await import("../lib/auth/api-tokens");
const { startReplayServer } = await import("../ingest/simulator/replay-server");
const { createReplayWorker, windowSize } = await import("../server/replay/replay-worker");
const { httpSender } = await import("../lib/replay/senders");
const { getTraceEvents } = await import("../lib/queries/get-trace");
const { summarizeMessages } = await import("../lib/evidence/message-summary");
const { planSelection, getTask, listTasks } = await import("../lib/replay/replay-tasks");
const dryRunRoute = await import("../app/api/v1/replays/dry-run/route");
const replaysRoute = await import("../app/api/v1/replays/route");
const replayRoute = await import("../app/api/v1/replays/[id]/route");
const cancelRoute = await import("../app/api/v1/replays/[id]/cancel/route");
const approveRoute = await import("../app/api/v1/replays/[id]/approve/route");
const targetsRoute = await import("../app/api/v1/replay-targets/route");
const targetRoute = await import("../app/api/v1/replay-targets/[id]/route");

const BASE = "http://lotline.test";
const noParams = { params: Promise.resolve({}) as Promise<Record<string, never>> };
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });
const tokens = { admin: "", support: "", support2: "", viewer: "", pm: "", executive: "" };
let server: Awaited<ReturnType<typeof startReplayServer>>;
let messages: FailedRelease[] = [];
let extra: FailedRelease[] = [];

function request(path: string, token: string | null, init: { method?: string; body?: unknown } = {}) {
  return new Request(`${BASE}${path}`, {
    method: init.method ?? "GET",
    // No cookie in a test: "unauthenticated" is a bearer that is no token of ours.
    headers: { authorization: `Bearer ${token ?? "lotline_not-a-token-of-ours-000000"}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
const json = async <T>(r: Response) => (await r.json()) as T;

async function worker() {
  const runtime = await getRuntime();
  return createReplayWorker({ db: await getDb(), clickhouse: runtime.clickhouse, senderFor: () => httpSender(process.env), log: () => {} });
}

/** Runs worker cycles until the task leaves `running`/`cancelling` or the deadline passes. */
async function drive(taskId: string, w: Awaited<ReturnType<typeof worker>>, timeoutMs = 60_000) {
  const db = await getDb();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await w.cycle(new AbortController().signal);
    const t = await db.replayTask.findUniqueOrThrow({ where: { id: taskId } });
    if (!["running", "cancelling"].includes(t.status)) return t;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`task ${taskId} did not finish in ${timeoutMs} ms`);
}

beforeAll(async () => {
  const runtime = await getRuntime();
  const db = await getDb();
  const user = await db.user.findFirstOrThrow({ where: { role: "admin" } });
  const admin: Actor = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
  tokens.admin = (await createApiToken({ name: "replay-admin", role: "admin", createdBy: admin }, { db })).token;
  tokens.support = (await createApiToken({ name: "replay-support", role: "support_engineer", createdBy: admin }, { db })).token;
  tokens.support2 = (await createApiToken({ name: "replay-support-2", role: "support_engineer", createdBy: admin }, { db })).token;
  tokens.viewer = (await createApiToken({ name: "replay-viewer", role: "viewer", createdBy: admin }, { db })).token;
  tokens.executive = (await createApiToken({ name: "replay-exec", role: "executive", createdBy: admin }, { db })).token;
  tokens.pm = (await createApiToken({ name: "replay-pm", role: "plant_manager", plants: ["P200"], createdBy: admin }, { db })).token;

  server = await startReplayServer({ port: 0, sink: async (events) => void (await runtime.ingest.ingest(events, { channel: "simulator", requestId: "replay-test" })) });
  const start = Date.now() - 3_600_000;
  const bulk = deadLetteredReleases(1000, "P100", start);
  const more = deadLetteredReleases(6, "P100", start, 8);
  messages = bulk.messages;
  extra = more.messages;
  await runtime.ingest.ingest([...bulk.events, ...more.events, ...laterDelivery(extra[0]!, "P100", start + 600_000)], { channel: "http", requestId: "seed" });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await (await getRuntime()).stop();
  await database.drop();
  dir.remove();
});

describe(`replay (${DATABASE_ENGINE})`, () => {
  it("refuses unauthenticated (401) and wrong-role (403) calls of every route", async () => {
    const id = "ckabcdefghijklmnopqrstuv";
    const calls: [string, (r: Request, c: never) => Promise<Response>, string, string, unknown][] = [
      ["dry-run", dryRunRoute.POST as never, "POST", "/api/v1/replays/dry-run", { selection: { kind: "lot", lotId: "L1", descendants: false } }],
      ["list", replaysRoute.GET as never, "GET", "/api/v1/replays", undefined],
      ["create", replaysRoute.POST as never, "POST", "/api/v1/replays", { selection: { kind: "lot", lotId: "L1", descendants: false }, reason: "test" }],
      ["get", replayRoute.GET as never, "GET", `/api/v1/replays/${id}`, undefined],
      ["cancel", cancelRoute.POST as never, "POST", `/api/v1/replays/${id}/cancel`, { reason: "stop" }],
      ["approve", approveRoute.POST as never, "POST", `/api/v1/replays/${id}/approve`, {}],
      ["targets", targetsRoute.GET as never, "GET", "/api/v1/replay-targets", undefined],
      ["target create", targetsRoute.POST as never, "POST", "/api/v1/replay-targets", {}],
      ["target get", targetRoute.GET as never, "GET", `/api/v1/replay-targets/${id}`, undefined],
      ["target put", targetRoute.PUT as never, "PUT", `/api/v1/replay-targets/${id}`, {}],
      ["target delete", targetRoute.DELETE as never, "DELETE", `/api/v1/replay-targets/${id}`, undefined],
    ];
    for (const [name, handler, method, path, body] of calls) {
      const ctx = (path.includes(id) ? idParams(id) : noParams) as never;
      const anonymous = await handler(request(path, null, { method, body }), ctx);
      expect(anonymous.status, `${name} without a token`).toBe(401);
      expect(anonymous.headers.get("content-type")).toContain("application/problem+json");
      expect((await handler(request(path, tokens.viewer, { method, body }), ctx)).status, `${name} as viewer`).toBe(403);
      expect((await handler(request(path, tokens.executive, { method, body }), ctx)).status, `${name} as executive`).toBe(403);
      if (path.includes("replay-targets")) expect((await handler(request(path, tokens.support, { method, body }), ctx)).status, `${name} as support engineer`).toBe(403);
    }
  });

  let targetId = "";
  it("an admin configures the HTTP target; the stored secret is write-only and the change is audited", async () => {
    const bad = await targetsRoute.POST(request("/api/v1/replay-targets", tokens.admin, { method: "POST", body: { interface: "erp-mes-order", kind: "http", url: "ftp://x" } }), noParams);
    expect(bad.status).toBe(400);
    const created = await targetsRoute.POST(
      request("/api/v1/replay-targets", tokens.admin, {
        method: "POST",
        body: { interface: "erp-mes-order", kind: "http", url: `${server.url}/replay`, authHeader: "X-Api-Key", authSecret: "s3cret-value", headers: { "X-Correlation-Id": "{{correlationId}}" }, ratePerSecond: 400 },
      }),
      noParams,
    );
    expect(created.status).toBe(201);
    const { target } = await json<{ target: Record<string, unknown> }>(created);
    targetId = String(target.id);
    expect(target.hasStoredSecret).toBe(true);
    expect(JSON.stringify(target)).not.toContain("s3cret-value");
    const listed = await json<{ targets: unknown[] }>(await targetsRoute.GET(request("/api/v1/replay-targets", tokens.admin), noParams));
    expect(JSON.stringify(listed)).not.toContain("s3cret-value");
    const audit = await (await getDb()).auditLog.findMany({ where: { action: "replay_target.created" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.after)).not.toContain("s3cret-value");
  });

  it("the dry run counts what would be sent and says why the rest is skipped", async () => {
    const delivered = messages.slice(0, 3);
    const selection = { kind: "messages", messages: [...messages, ...extra].map(({ correlationId, messageId }) => ({ correlationId, messageId })).concat([{ correlationId: "corr-missing", messageId: "msg-missing" }]) };
    const started = performance.now();
    const res = await dryRunRoute.POST(request("/api/v1/replays/dry-run", tokens.support, { method: "POST", body: { selection } }), noParams);
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    const { dryRun } = await json<{ dryRun: { toSend: number; skipped: number; skippedByReason: Record<string, number>; targets: { interface: string; count: number }[]; orders: string[]; plants: string[]; needsApproval: boolean; skippedMessages: { messageId: string; reason: string }[] } }>(res);
    expect(dryRun.toSend).toBe(1005);
    expect(dryRun.skippedByReason).toEqual({ superseded: 1, not_found: 1 });
    expect(dryRun.skippedMessages.find((s) => s.reason === "superseded")!.messageId).toBe(extra[0]!.messageId);
    expect(dryRun.targets).toEqual([expect.objectContaining({ interface: "erp-mes-order", count: 1005 })]);
    expect(dryRun.orders).toHaveLength(1005);
    expect(dryRun.plants).toEqual(["P100"]);
    expect(dryRun.needsApproval).toBe(true);
    expect(delivered).toHaveLength(3);
    console.log(`dry run of 1,007 messages: ${ms.toFixed(0)} ms`);

    // Plant managers hold no `replay`; the plant scope below them is the lib's, checked with a scoped actor.
    const pmResponse = await dryRunRoute.POST(request("/api/v1/replays/dry-run", tokens.pm, { method: "POST", body: { selection } }), noParams);
    expect(pmResponse.status).toBe(403);
    const runtime = await getRuntime();
    const scoped: Actor = { kind: "user", id: "u-p200", email: "p200@example.com", name: "P200", role: "support_engineer", plants: ["P200"] };
    const pairs = messages.slice(0, 5).map(({ correlationId, messageId }) => ({ correlationId, messageId }));
    const { plan } = await planSelection({ clickhouse: runtime.clickhouse, db: await getDb() }, scoped, { kind: "messages", messages: pairs });
    expect(plan.toSend).toBe(0);
    expect(plan.skippedByReason).toEqual({ not_found: 5 });
    const byFilter = await planSelection({ clickhouse: runtime.clickhouse, db: await getDb() }, scoped, { kind: "filter", filter: {} });
    expect(byFilter.plan.items).toHaveLength(0);
  });

  it("a filter selection finds the dead letters of the interface", async () => {
    const res = await dryRunRoute.POST(request("/api/v1/replays/dry-run", tokens.support, { method: "POST", body: { selection: { kind: "filter", filter: { plant: "P100", interface: "erp-mes-order", outcome: ["dead_lettered"] } } } }), noParams);
    const { dryRun } = await json<{ dryRun: { toSend: number; skipped: number } }>(res);
    expect(dryRun.toSend).toBe(1005);
    expect(dryRun.skipped).toBe(1);
    const bad = await dryRunRoute.POST(request("/api/v1/replays/dry-run", tokens.support, { method: "POST", body: { selection: { kind: "filter", filter: { outcome: ["delivered"] } } } }), noParams);
    expect(bad.status).toBe(400);
  });

  let bulkId = "";
  it("a bulk replay above the threshold waits for a second user; the requester cannot approve it", async () => {
    const selection = { kind: "messages", messages: messages.map(({ correlationId, messageId }) => ({ correlationId, messageId })) };
    const created = await replaysRoute.POST(request("/api/v1/replays", tokens.support, { method: "POST", body: { selection, reason: "MES outage over, re-send the order releases" } }), noParams);
    expect(created.status).toBe(202);
    const { task } = await json<{ task: { id: string; status: string; remaining: number } }>(created);
    bulkId = task.id;
    expect(task).toMatchObject({ status: "awaiting_approval", remaining: 1000 });
    // Nothing is sent while it waits.
    await (await worker()).cycle(new AbortController().signal);
    expect(server.processed()).toBe(0);
    const self = await approveRoute.POST(request(`/api/v1/replays/${bulkId}/approve`, tokens.support, { method: "POST", body: {} }), idParams(bulkId));
    expect(self.status).toBe(403);
    const approved = await approveRoute.POST(request(`/api/v1/replays/${bulkId}/approve`, tokens.support2, { method: "POST", body: { reason: "checked the dry run" } }), idParams(bulkId));
    expect(approved.status).toBe(200);
    expect((await json<{ task: { status: string } }>(approved)).task.status).toBe("running");
    const again = await approveRoute.POST(request(`/api/v1/replays/${bulkId}/approve`, tokens.admin, { method: "POST", body: {} }), idParams(bulkId));
    expect(again.status).toBe(409);
    const audit = await (await getDb()).auditLog.findMany({ where: { entityId: bulkId }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["replay.requested", "replay.approved"]);
    expect(audit[0]!.after).toMatchObject({ reason: "MES outage over, re-send the order releases", toSend: 1000 });
  });

  // A real kill of the worker process mid-task is test/replay-kill.int.test.ts.
  it("the approved bulk replay sends every message once, in windows, at the target's rate", async () => {
    const db = await getDb();
    const started = performance.now();
    const task = await drive(bulkId, await worker(), 60_000);
    const seconds = (performance.now() - started) / 1000;
    expect(task).toMatchObject({ status: "completed", sent: 1000, succeeded: 1000, failed: 0, remaining: 0 });
    expect(server.processed()).toBe(1000);
    expect([...server.keyCounts().values()].every((n) => n === 1)).toBe(true);
    const items = await db.replayItem.findMany({ where: { taskId: bulkId }, select: { idempotencyKey: true, attempts: true, status: true } });
    for (const item of items) expect(server.keyCounts().get(item.idempotencyKey), item.idempotencyKey).toBe(1);
    expect(items.every((i) => i.status === "succeeded" && i.attempts === 1)).toBe(true);
    // The target allows 400/s: 1,000 messages take at least 2.5 s, less the bucket's half-second burst.
    expect(seconds).toBeGreaterThan(1.95);
    console.log(`bulk replay of 1,000 at a 400/s target: ${seconds.toFixed(1)} s (${(1000 / seconds).toFixed(0)} msg/s)`);
  }, 120_000);

  it("the trace shows original → replay → outcome, and the evidence pack names who replayed", async () => {
    await server.flush();
    const m = messages[10]!;
    const runtime = await getRuntime();
    const events = await getTraceEvents(runtime.clickhouse, m.correlationId);
    const types = events.map((e) => e.type);
    const dead = types.indexOf("integration.message.deadlettered");
    const replayed = types.indexOf("integration.message.replayed");
    expect(dead).toBeGreaterThan(-1);
    expect(replayed).toBeGreaterThan(dead);
    expect(types.slice(replayed)).toEqual(["integration.message.replayed", "integration.message.delivered", "mfg.order.received"]);
    const [summary] = summarizeMessages(events, () => []);
    expect(summary).toMatchObject({ outcome: "recovered", replays: 1, replayedBy: "replay-support" });
    // Replayed successfully: a second replay of the same messages is skipped.
    const res = await dryRunRoute.POST(request("/api/v1/replays/dry-run", tokens.support, { method: "POST", body: { selection: { kind: "messages", messages: [{ correlationId: m.correlationId, messageId: m.messageId }] } } }), noParams);
    expect((await json<{ dryRun: { skippedByReason: Record<string, number> } }>(res)).dryRun.skippedByReason).toEqual({ already_replayed: 1 });
  });

  it("target down: the task pauses with back-off, loses nothing, and completes when the target returns", async () => {
    const db = await getDb();
    const selection = { kind: "messages", messages: extra.slice(1).map(({ correlationId, messageId }) => ({ correlationId, messageId })) };
    const { task } = await json<{ task: { id: string; status: string } }>(await replaysRoute.POST(request("/api/v1/replays", tokens.support, { method: "POST", body: { selection, reason: "retry after outage" } }), noParams));
    expect(task.status).toBe("running");
    server.setAvailable(false);
    const w = await worker();
    await w.cycle(new AbortController().signal);
    let paused = await db.replayTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(paused.status).toBe("running");
    expect(paused.pausedUntil).not.toBeNull();
    expect(paused.lastError).toContain("503");
    expect(paused.succeeded).toBe(0);
    // Refused connections pause it too, and the back-off grows.
    await server.close();
    await new Promise((r) => setTimeout(r, paused.pausedUntil!.getTime() - Date.now() + 20));
    await w.cycle(new AbortController().signal);
    const refused = await db.replayTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(refused.backoffMs).toBe(2_000);
    expect(refused.lastError).toMatch(/fetch failed|ECONNREFUSED/);
    server = await startReplayServer({ port: server.port, sink: async (events) => void (await (await getRuntime()).ingest.ingest(events, { channel: "simulator", requestId: "replay-test-2" })) });
    paused = await drive(task.id, w, 30_000);
    expect(paused).toMatchObject({ status: "completed", succeeded: 5, failed: 0, sent: 5, remaining: 0, lastError: null });
    expect(server.processed()).toBe(5);
  }, 60_000);

  it("a replay to a system still down fails again and the trace says so; cancel stops a task", async () => {
    const db = await getDb();
    server.setDown(["MES"]);
    const fresh = deadLetteredReleases(3, "P100", Date.now() - 600_000, 21);
    await (await getRuntime()).ingest.ingest(fresh.events, { channel: "http", requestId: "seed-2" });
    const m = fresh.messages[0]!;
    const { task } = await json<{ task: { id: string } }>(
      await replaysRoute.POST(request("/api/v1/replays", tokens.admin, { method: "POST", body: { selection: { kind: "messages", messages: [{ correlationId: m.correlationId, messageId: m.messageId }] }, reason: "try once more" } }), noParams),
    );
    await drive(task.id, await worker());
    await server.flush();
    const types = (await getTraceEvents((await getRuntime()).clickhouse, m.correlationId)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(["integration.message.replayed", "integration.message.failed"]);
    server.setDown([]);

    const rest = fresh.messages.slice(1).map(({ correlationId, messageId }) => ({ correlationId, messageId }));
    const created = await json<{ task: { id: string } }>(await replaysRoute.POST(request("/api/v1/replays", tokens.admin, { method: "POST", body: { selection: { kind: "messages", messages: rest }, reason: "to be cancelled" } }), noParams));
    const cancelled = await cancelRoute.POST(request(`/api/v1/replays/${created.task.id}/cancel`, tokens.support, { method: "POST", body: { reason: "wrong selection" } }), idParams(created.task.id));
    expect((await json<{ task: { status: string } }>(cancelled)).task.status).toBe("cancelling");
    const done = await drive(created.task.id, await worker());
    expect(done).toMatchObject({ status: "cancelled", skipped: 2, sent: 0, remaining: 0 });
    expect(await db.replayItem.count({ where: { taskId: created.task.id, skipReason: "cancelled" } })).toBe(2);
    const detail = await json<{ task: { status: string }; items: { status: string }[]; page: { total: number } }>(await replayRoute.GET(request(`/api/v1/replays/${created.task.id}?limit=1`, tokens.support), idParams(created.task.id)));
    expect(detail.items).toHaveLength(1);
    expect(detail.page.total).toBe(2);
    // A plant manager of another plant does not see the task.
    const scoped: Actor = { kind: "user", id: "u-p200", email: "p200@example.com", name: "P200", role: "support_engineer", plants: ["P200"] };
    await expect(getTask(db, scoped, created.task.id, { offset: 0, limit: 10 })).rejects.toThrow(/no replay task/);
    expect(await listTasks(db, scoped, { limit: 50 })).toHaveLength(0);
    expect((await listTasks(db, { ...scoped, plants: null }, { limit: 50 })).length).toBeGreaterThan(0);
    expect(targetId).not.toBe("");
  }, 60_000);

  const RATE = 15;
  let rateTaskId = "";
  it("the per-target rate limit holds within ±10 % over 60 s", async () => {
    const db = await getDb();
    const seeded = deadLetteredReleases(RATE * 60 + 150, "P100", Date.now() - 1_800_000, 33);
    await (await getRuntime()).ingest.ingest(seeded.events, { channel: "http", requestId: "seed-rate" });
    const before = await json<{ target: Record<string, unknown> }>(await targetRoute.GET(request(`/api/v1/replay-targets/${targetId}`, tokens.admin), idParams(targetId)));
    const put = await targetRoute.PUT(
      request(`/api/v1/replay-targets/${targetId}`, tokens.admin, { method: "PUT", body: { interface: "erp-mes-order", kind: "http", url: before.target.url, authHeader: "X-Api-Key", headers: before.target.headers, ratePerSecond: RATE } }),
      idParams(targetId),
    );
    expect(put.status).toBe(200);
    expect((await json<{ target: { ratePerSecond: number; hasStoredSecret: boolean } }>(put)).target).toMatchObject({ ratePerSecond: RATE, hasStoredSecret: true });
    const { task } = await json<{ task: { id: string } }>(
      await replaysRoute.POST(request("/api/v1/replays", tokens.support, { method: "POST", body: { selection: { kind: "messages", messages: seeded.messages.map(({ correlationId, messageId }) => ({ correlationId, messageId })) }, reason: "rate test" } }), noParams),
    );
    await approveRoute.POST(request(`/api/v1/replays/${task.id}/approve`, tokens.support2, { method: "POST", body: {} }), idParams(task.id));
    rateTaskId = task.id;
    const stop = new AbortController();
    const w = await worker();
    const running = (async () => {
      while (!stop.signal.aborted) {
        await w.cycle(stop.signal);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await new Promise((r) => setTimeout(r, 63_000));
    stop.abort();
    await running;
    const first = await db.replayItem.findFirstOrThrow({ where: { taskId: task.id, sentAt: { not: null } }, orderBy: { sentAt: "asc" } });
    const windowEnd = new Date(first.sentAt!.getTime() + 60_000);
    const inWindow = await db.replayItem.count({ where: { taskId: task.id, sentAt: { gte: first.sentAt!, lt: windowEnd } } });
    console.log(`rate limit ${RATE}/s: ${inWindow} sent in 60 s (${(inWindow / 60).toFixed(2)}/s)`);
    expect(inWindow).toBeGreaterThanOrEqual(RATE * 60 * 0.9);
    expect(inWindow).toBeLessThanOrEqual(RATE * 60 * 1.1);
  }, 180_000);

  it("a cancel while the task sends is seen within a window", async () => {
    const db = await getDb();
    const w = await worker();
    const stop = new AbortController();
    const running = (async () => {
      while (!stop.signal.aborted) {
        await w.cycle(stop.signal);
        if ((await db.replayTask.findUniqueOrThrow({ where: { id: rateTaskId } })).status === "cancelled") return;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const before = server.processed();
    await expect.poll(() => server.processed(), { timeout: 10_000 }).toBeGreaterThan(before + 10);
    const res = await cancelRoute.POST(request(`/api/v1/replays/${rateTaskId}/cancel`, tokens.support, { method: "POST", body: { reason: "enough for the rate test" } }), idParams(rateTaskId));
    const atCancel = server.processed();
    expect((await json<{ task: { status: string } }>(res)).task.status).toBe("cancelling");
    await expect.poll(async () => (await db.replayTask.findUniqueOrThrow({ where: { id: rateTaskId } })).status, { timeout: 10_000 }).toBe("cancelled");
    stop.abort();
    await running;
    // Only what was marked before the cancel still went: the window going out, the one marked ahead, and the one before's sends in flight.
    expect(server.processed() - atCancel).toBeLessThanOrEqual(3 * windowSize(RATE));
    const task = await db.replayTask.findUniqueOrThrow({ where: { id: rateTaskId } });
    const items = await db.replayItem.groupBy({ by: ["status"], where: { taskId: rateTaskId }, _count: true });
    const count = (status: string) => items.find((i) => i.status === status)?._count ?? 0;
    expect(count("pending") + count("sending")).toBe(0);
    expect(task).toMatchObject({ remaining: 0, succeeded: count("succeeded"), skipped: count("skipped") });
    expect(await db.replayItem.count({ where: { taskId: rateTaskId, skipReason: "cancelled" } })).toBeGreaterThan(0);
  }, 60_000);
});
