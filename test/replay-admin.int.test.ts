import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import type { CloudEvent } from "../lib/events/contract";
import { DATABASE_ENGINE, databaseEnv } from "./database-env";
import { embeddedTestEnv } from "./embedded-env";
import { deadLetteredReleases, type FailedRelease } from "./replay-harness";

// The admin side of replay on the real runtime (chDB, PGlite or PostgreSQL 15): editing replay
// targets through their routes, and editing a message's payload before it is replayed.
const database = await databaseEnv("replay-admin");
const dir = embeddedTestEnv("replay-admin", { ...database.env, LOTLINE_REPLAY_APPROVAL_THRESHOLD: "100", LOTLINE_TEST_REPLAY_TOKEN: "from-the-environment" });

const { getRuntime, getDb } = await import("../server/runtime");
const { createApiToken } = await import("../lib/auth/api-tokens");
const { createReplayWorker } = await import("../server/replay/replay-worker");
const { httpSender } = await import("../lib/replay/senders");
const { originalPayload } = await import("../lib/replay/original-payload");
const originalRoute = await import("../app/api/v1/replays/original/route");
const replaysRoute = await import("../app/api/v1/replays/route");
const targetsRoute = await import("../app/api/v1/replay-targets/route");
const targetRoute = await import("../app/api/v1/replay-targets/[id]/route");

const BASE = "http://lotline.test";
const noParams = { params: Promise.resolve({}) as Promise<Record<string, never>> };
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });
const tokens = { admin: "", support: "", viewer: "" };
let messages: FailedRelease[] = [];
let seeded: CloudEvent[] = [];

/** The middleware's replay API as far as this test needs it: it answers 200 and keeps what it was sent. */
const received: { headers: IncomingHttpHeaders; body: { payload: unknown; idempotencyKey: string } }[] = [];
const target = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as (typeof received)[number]["body"] });
    res.writeHead(200, { "content-type": "application/json" }).end('{"accepted":true}');
  });
});

function request(path: string, token: string | null, init: { method?: string; body?: unknown } = {}) {
  return new Request(`${BASE}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token ?? "lotline_not-a-token-of-ours-000000"}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
const json = async <T>(r: Response) => (await r.json()) as T;
const originalUrl = (m: FailedRelease) => `/api/v1/replays/original?${new URLSearchParams({ correlationId: m.correlationId, messageId: m.messageId }).toString()}`;

beforeAll(async () => {
  const runtime = await getRuntime();
  const db = await getDb();
  const user = await db.user.findFirstOrThrow({ where: { role: "admin" } });
  const admin: Actor = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
  tokens.admin = (await createApiToken({ name: "edit-admin", role: "admin", createdBy: admin }, { db })).token;
  tokens.support = (await createApiToken({ name: "edit-support", role: "support_engineer", createdBy: admin }, { db })).token;
  tokens.viewer = (await createApiToken({ name: "edit-viewer", role: "viewer", createdBy: admin }, { db })).token;
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  const releases = deadLetteredReleases(4, "P100", Date.now() - 3_600_000, 41);
  messages = releases.messages;
  seeded = releases.events;
  await runtime.ingest.ingest(releases.events, { channel: "http", requestId: "seed-edit" });
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => target.close(resolve));
  await (await getRuntime()).stop();
  await database.drop();
  dir.remove();
});

describe(`replay targets and payload editing (${DATABASE_ENGINE})`, () => {
  let targetId = "";
  let updatedAt = "";
  it("refuses an auth header without a secret, a secret without a header, and a second target for an interface, each at its field", async () => {
    const base = { interface: "erp-mes-order", kind: "http", url: `http://127.0.0.1:${(target.address() as AddressInfo).port}/replay`, headers: { "X-Correlation-Id": "{{correlationId}}" }, ratePerSecond: 100 };
    const noSecret = await targetsRoute.POST(request("/api/v1/replay-targets", tokens.admin, { method: "POST", body: { ...base, authHeader: "X-Api-Key" } }), noParams);
    expect(noSecret.status).toBe(400);
    expect((await json<{ issues: { field: string }[] }>(noSecret)).issues.map((i) => i.field)).toEqual(["authSecret"]);
    const noHeader = await targetsRoute.POST(request("/api/v1/replay-targets", tokens.admin, { method: "POST", body: { ...base, authSecretEnv: "LOTLINE_TEST_REPLAY_TOKEN" } }), noParams);
    expect((await json<{ issues: { field: string }[] }>(noHeader)).issues.map((i) => i.field)).toEqual(["authHeader"]);
    const badHeader = await targetsRoute.POST(request("/api/v1/replay-targets", tokens.admin, { method: "POST", body: { ...base, headers: { "Bad Name": "x" } } }), noParams);
    expect(await json<{ issues: { field: string; message: string }[] }>(badHeader)).toMatchObject({ issues: [{ field: "headers.Bad Name", message: "a header name: letters, digits and -" }] });

    const created = await targetsRoute.POST(request("/api/v1/replay-targets", tokens.admin, { method: "POST", body: { ...base, authHeader: "X-Api-Key", authSecretEnv: "LOTLINE_TEST_REPLAY_TOKEN" } }), noParams);
    expect(created.status).toBe(201);
    const view = (await json<{ target: { id: string; updatedAt: string; authSecretEnvSet: boolean; changedBy: string } }>(created)).target;
    expect(view).toMatchObject({ authSecretEnvSet: true });
    targetId = view.id;
    updatedAt = view.updatedAt;
    const again = await targetsRoute.POST(request("/api/v1/replay-targets", tokens.admin, { method: "POST", body: base }), noParams);
    expect(again.status).toBe(409);
    expect((await json<{ issues: { field: string }[] }>(again)).issues.map((i) => i.field)).toEqual(["interface"]);

    const listed = await json<{ targets: { id: string; changedBy: string | null }[] }>(await targetsRoute.GET(request("/api/v1/replay-targets", tokens.admin), noParams));
    expect(listed.targets.find((t) => t.id === targetId)?.changedBy).toBe("token:edit-admin");
    const audit = await (await getDb()).auditLog.findFirstOrThrow({ where: { action: "replay_target.created", entityId: targetId } });
    expect(audit.after).not.toHaveProperty("authSecretEnvSet");
    expect(JSON.stringify(audit.after)).not.toContain("from-the-environment");
  });

  it("an edit made on a stale copy is a 409 naming who changed it; a current one saves and is audited", async () => {
    const db = await getDb();
    const current = (await json<{ target: Record<string, unknown> }>(await targetRoute.GET(request(`/api/v1/replay-targets/${targetId}`, tokens.admin), idParams(targetId)))).target;
    const settings = { interface: current.interface, kind: "http", url: current.url, method: current.method, authHeader: current.authHeader, authSecretEnv: current.authSecretEnv, headers: current.headers, enabled: true };
    const saved = await targetRoute.PUT(request(`/api/v1/replay-targets/${targetId}`, tokens.admin, { method: "PUT", body: { ...settings, ratePerSecond: 40, baseUpdatedAt: updatedAt } }), idParams(targetId));
    expect(saved.status).toBe(200);
    expect((await json<{ target: { ratePerSecond: number } }>(saved)).target.ratePerSecond).toBe(40);
    const stale = await targetRoute.PUT(request(`/api/v1/replay-targets/${targetId}`, tokens.admin, { method: "PUT", body: { ...settings, ratePerSecond: 60, baseUpdatedAt: updatedAt } }), idParams(targetId));
    expect(stale.status).toBe(409);
    expect((await json<{ detail: string }>(stale)).detail).toContain("changed by token:edit-admin");
    expect((await db.replayTarget.findUniqueOrThrow({ where: { id: targetId } })).ratePerSecond).toBe(40);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "replay_target.updated", entityId: targetId } });
    expect(audit.before).toMatchObject({ ratePerSecond: 100 });
    expect(audit.after).toMatchObject({ ratePerSecond: 40 });
  });

  it("GET /api/v1/replays/original: 401 without a token, 403 without replay:edit, 400 without ids", async () => {
    const m = messages[0]!;
    expect((await originalRoute.GET(request(originalUrl(m), null), noParams)).status).toBe(401);
    expect((await originalRoute.GET(request(originalUrl(m), tokens.viewer), noParams)).status).toBe(403);
    const support = await originalRoute.GET(request(originalUrl(m), tokens.support), noParams);
    expect(support.status).toBe(403);
    expect((await json<{ detail: string }>(support)).detail).toContain("replay:edit");
    expect((await originalRoute.GET(request("/api/v1/replays/original?correlationId=x", tokens.admin), noParams)).status).toBe(400);
  });

  it("answers the stored business payload the sending system handed off; unknown and other plants' messages are 404", async () => {
    const m = messages[0]!;
    const res = await originalRoute.GET(request(originalUrl(m), tokens.admin), noParams);
    expect(res.status).toBe(200);
    const body = await json<{ interface: string; from: string; to: string; plant: string; original: { id: string; type: string }; payload: unknown }>(res);
    const handedOff = seeded.find((e) => e.id === m.originalId)!;
    expect(body).toMatchObject({ interface: "erp-mes-order", from: "ERP", to: "MES", plant: "P100", original: { id: m.originalId, type: handedOff.type } });
    expect(body.payload).toEqual(handedOff.data);
    expect((await originalRoute.GET(request(originalUrl({ ...m, messageId: "msg-nope" }), tokens.admin), noParams)).status).toBe(404);
    const otherPlant: Actor = { kind: "user", id: "u-p200", email: "p200@example.com", name: "P200", role: "admin", plants: ["P200"] };
    await expect(originalPayload((await getRuntime()).clickhouse, otherPlant, { correlationId: m.correlationId, messageId: m.messageId })).rejects.toThrow(/no message/);
  });

  it("a support engineer's edited payload is refused with 403 and creates nothing; an admin's is sent, with before and after in the audit trail", async () => {
    const db = await getDb();
    const m = messages[1]!;
    const selection = { kind: "messages", messages: [{ correlationId: m.correlationId, messageId: m.messageId }] };
    const original = seeded.find((e) => e.id === m.originalId)!.data as Record<string, unknown>;
    const edited = { ...original, quantity: 7, note: "corrected after the MES outage" };
    const tasksBefore = await db.replayTask.count();
    const refused = await replaysRoute.POST(request("/api/v1/replays", tokens.support, { method: "POST", body: { selection, reason: "fix the quantity", payload: edited } }), noParams);
    expect(refused.status).toBe(403);
    expect((await json<{ detail: string }>(refused)).detail).toContain("replay:edit");
    expect(await db.replayTask.count()).toBe(tasksBefore);
    const two = { kind: "messages", messages: messages.slice(2, 4).map(({ correlationId, messageId }) => ({ correlationId, messageId })) };
    expect((await replaysRoute.POST(request("/api/v1/replays", tokens.admin, { method: "POST", body: { selection: two, reason: "two at once", payload: edited } }), noParams)).status).toBe(400);
    expect((await replaysRoute.POST(request("/api/v1/replays", tokens.admin, { method: "POST", body: { selection, reason: "null body", payload: null } }), noParams)).status).toBe(400);

    const created = await replaysRoute.POST(request("/api/v1/replays", tokens.admin, { method: "POST", body: { selection, reason: "fix the quantity", payload: edited } }), noParams);
    expect(created.status).toBe(202);
    const { task } = await json<{ task: { id: string; status: string } }>(created);
    expect(task.status).toBe("running");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "replay.payload_edited", entityId: task.id } });
    expect(audit.before).toEqual({ correlationId: m.correlationId, messageId: m.messageId, originalEventId: m.originalId, payload: original });
    expect(audit.after).toMatchObject({ reason: "fix the quantity", payload: edited, changes: [`quantity: ${JSON.stringify(original.quantity)} → 7`, '+ note: "corrected after the MES outage"'] });

    const runtime = await getRuntime();
    const worker = createReplayWorker({ db, clickhouse: runtime.clickhouse, senderFor: () => httpSender(process.env), log: () => {} });
    const deadline = Date.now() + 30_000;
    while ((await db.replayTask.findUniqueOrThrow({ where: { id: task.id } })).status === "running" && Date.now() < deadline) await worker.cycle(new AbortController().signal);
    expect(await db.replayTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: "completed", succeeded: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]!.body.payload).toEqual(edited);
    expect(received[0]!.headers["x-api-key"]).toBe("from-the-environment");
    expect(received[0]!.headers["x-correlation-id"]).toBe(m.correlationId);
  });
});
