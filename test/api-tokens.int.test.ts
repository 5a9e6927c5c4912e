import type { Db } from "../lib/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import { embeddedTestEnv } from "./embedded-env";

// Real PGlite (and chDB, which the runtime opens too) in a fresh data directory; the route
// handlers are the ones Next.js serves, called with plain Requests.
const dir = embeddedTestEnv("api-tokens");

const { getRuntime, getDb } = await import("../server/runtime");
const { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken, TOKEN_CACHE_MS } = await import("../lib/auth/api-tokens");
const tokensRoute = await import("../app/api/v1/admin/tokens/route");
const tokenRoute = await import("../app/api/v1/admin/tokens/[id]/route");
const searchRoute = await import("../app/api/v1/search/route");
const usersRoute = await import("../app/api/v1/admin/users/route");
const auditVerifyRoute = await import("../app/api/v1/audit/verify/route");

let admin: Actor;

const DAY = 24 * 60 * 60 * 1000;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const noParams = { params: Promise.resolve({}) as Promise<Record<string, never>> };
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

let db!: Db;

beforeAll(async () => {
  db = (await getRuntime()).db!;
  await getRuntime();
  const user = await (await getDb()).user.findFirstOrThrow({ where: { role: "admin" } });
  admin = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("API tokens (real PGlite)", () => {
  it("creates a token shown once, stores only its hash, and audits the creation in the same transaction", async () => {
    const { token, record } = await createApiToken({ name: "grafana", role: "viewer", plants: [], createdBy: admin }, { db });
    expect(token).toMatch(/^llt_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ name: "grafana", role: "viewer", plants: [], prefix: token.slice(0, 8), status: "active", createdBy: admin.email, expiresAt: null });
    expect(Object.keys(record)).not.toContain("tokenHash");

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: record.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token.slice(4));
    expect(row.createdById).toBe(admin.id);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityType: "api_token", entityId: record.id } });
    expect(audit).toMatchObject({ action: "api_token.created", actorId: admin.id, actorLabel: admin.email, after: { name: "grafana", role: "viewer" } });
    expect(JSON.stringify({ ...audit, seq: String(audit.seq) })).not.toContain(token);
  });

  it("authenticates a token as its own actor and records the use at most once a minute", async () => {
    const { token, record } = await createApiToken({ name: "exporter", role: "support_engineer", createdBy: admin }, { db });
    const t0 = new Date(Date.now() + 1_000);
    const actor = await authenticateApiToken(token, { db, now: t0 });
    expect(actor).toEqual({ kind: "token", id: `token:${record.id}`, email: "token:exporter", name: "exporter", role: "support_engineer", plants: null });

    const lastUsed = async () => (await db.apiToken.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt?.getTime();
    expect(await lastUsed()).toBe(t0.getTime());
    await authenticateApiToken(token, { db, now: new Date(t0.getTime() + 30_000) });
    expect(await lastUsed()).toBe(t0.getTime());
    await authenticateApiToken(token, { db, now: new Date(t0.getTime() + 61_000) });
    expect(await lastUsed()).toBe(t0.getTime() + 61_000);

    expect(await authenticateApiToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, { db })).toBeNull();
    expect(await authenticateApiToken("llt_short", { db })).toBeNull();
    expect(await authenticateApiToken("", { db })).toBeNull();
  });

  it("create → use → revoke → 401, through the route handlers with no cookie", async () => {
    const { token: adminToken } = await createApiToken({ name: "automation", role: "admin", createdBy: admin }, { db });

    const created = await tokensRoute.POST(
      new Request("http://lotline.test/api/v1/admin/tokens", { method: "POST", headers: { ...bearer(adminToken), "content-type": "application/json" }, body: JSON.stringify({ name: "ci-search", role: "viewer", expiresInDays: 30 }) }),
      noParams,
    );
    expect(created.status).toBe(201);
    const { token, record } = (await created.json()) as { token: string; record: { id: string; expiresAt: string; createdBy: string | null } };
    expect(token).toMatch(/^llt_/);
    expect(Date.parse(record.expiresAt) - Date.now()).toBeGreaterThan(29 * DAY);
    // Created by a token: no users row behind it, so no creator link, and the audit keeps its label.
    expect(record.createdBy).toBeNull();

    const search = () => searchRoute.GET(new Request("http://lotline.test/api/v1/search?q=P1", { headers: bearer(token) }), noParams);
    expect((await search()).status).toBe(200);

    const list = await tokensRoute.GET(new Request("http://lotline.test/api/v1/admin/tokens", { headers: bearer(adminToken) }), noParams);
    expect(list.status).toBe(200);
    const listText = await list.text();
    expect(listText).not.toMatch(/tokenHash|token_hash/);
    expect(listText).not.toContain(token);
    expect((JSON.parse(listText) as { tokens: { id: string }[] }).tokens.map((t) => t.id)).toContain(record.id);

    // A viewer token may search but not manage tokens.
    const forbidden = await tokensRoute.GET(new Request("http://lotline.test/api/v1/admin/tokens", { headers: bearer(token) }), noParams);
    expect(forbidden.status).toBe(403);

    const revoke = () => tokenRoute.DELETE(new Request(`http://lotline.test/api/v1/admin/tokens/${record.id}`, { method: "DELETE", headers: bearer(adminToken) }), idParams(record.id));
    expect((await revoke()).status).toBe(204);
    const refused = await search();
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/revoked|expired|not a valid/);

    // Revoking again is harmless and writes no second audit row; an unknown id is a 404.
    expect((await revoke()).status).toBe(204);
    const audits = await db.auditLog.findMany({ where: { entityType: "api_token", entityId: record.id }, orderBy: { at: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["api_token.created", "api_token.revoked"]);
    expect(audits[1]).toMatchObject({ actorId: null, actorLabel: "token:automation" });
    const unknown = await tokenRoute.DELETE(new Request("http://lotline.test/api/v1/admin/tokens/nope", { method: "DELETE", headers: bearer(adminToken) }), idParams("nope"));
    expect(unknown.status).toBe(404);
  });

  it("caches an accepted token briefly: a revocation written by another process counts once the cache window ends, expiry at once", async () => {
    const t0 = new Date(Date.now() + 1_000);
    const { token, record } = await createApiToken({ name: "cached", role: "viewer", expiresInDays: 1, createdBy: admin }, { db, now: t0 });
    expect(await authenticateApiToken(token, { db, now: t0 })).toMatchObject({ role: "viewer" });
    // What a second app instance's revocation looks like from here: the row changes, this process is not told.
    await db.apiToken.update({ where: { id: record.id }, data: { revokedAt: t0 } });
    expect(await authenticateApiToken(token, { db, now: new Date(t0.getTime() + TOKEN_CACHE_MS - 1) })).toMatchObject({ role: "viewer" });
    expect(await authenticateApiToken(token, { db, now: new Date(t0.getTime() + TOKEN_CACHE_MS) })).toBeNull();

    const { token: expiring } = await createApiToken({ name: "expiring", role: "viewer", expiresInDays: 1, createdBy: admin }, { db, now: t0 });
    const justBefore = new Date(t0.getTime() + DAY - 1);
    expect(await authenticateApiToken(expiring, { db, now: justBefore })).toMatchObject({ role: "viewer" });
    expect(await authenticateApiToken(expiring, { db, now: new Date(justBefore.getTime() + 1) })).toBeNull();
  });

  it("answers 401 for a bearer that is not one of our tokens, even a well-formed one", async () => {
    for (const header of ["Bearer nonsense", "Bearer ", `Bearer llt_${"A".repeat(43)}`, "bearer   "]) {
      const response = await searchRoute.GET(new Request("http://lotline.test/api/v1/search?q=P1", { headers: { authorization: header } }), noParams);
      expect(response.status, header).toBe(401);
    }
  });

  it("rejects an expired token and lists it as expired", async () => {
    const longAgo = new Date(Date.now() - 3 * DAY);
    const { token, record } = await createApiToken({ name: "short-lived", role: "viewer", expiresInDays: 2, createdBy: admin }, { db, now: longAgo });
    expect(await authenticateApiToken(token, { db, now: new Date(longAgo.getTime() + DAY) })).not.toBeNull();
    expect(await authenticateApiToken(token, { db })).toBeNull();
    const response = await searchRoute.GET(new Request("http://lotline.test/api/v1/search?q=P1", { headers: bearer(token) }), noParams);
    expect(response.status).toBe(401);
    expect((await listApiTokens({ db })).find((t) => t.id === record.id)?.status).toBe("expired");
  });

  it("carries a plant_manager token's plants into the actor", async () => {
    const { token } = await createApiToken({ name: "plant-100", role: "plant_manager", plants: ["P100", "P300", "P100"], createdBy: admin }, { db });
    const actor = await authenticateApiToken(token, { db });
    expect(actor).toMatchObject({ kind: "token", role: "plant_manager", plants: ["P100", "P300"] });
  });

  it("validates the request and names the field", async () => {
    await expect(createApiToken({ name: "", role: "viewer" }, { db })).rejects.toThrow(/name: name is required/);
    await expect(createApiToken({ name: "x".repeat(101), role: "viewer" }, { db })).rejects.toThrow(/at most 100/);
    await expect(createApiToken({ name: "pm", role: "plant_manager" }, { db })).rejects.toThrow(/plants: a plant_manager token needs at least one plant/);
    await expect(createApiToken({ name: "v", role: "viewer", plants: ["P100"] }, { db })).rejects.toThrow(/plants apply only to plant_manager/);
    await expect(createApiToken({ name: "r", role: "root" as "admin" }, { db })).rejects.toThrow(/role must be one of/);
    await expect(createApiToken({ name: "e", role: "viewer", expiresInDays: 0 }, { db })).rejects.toThrow(/at least 1/);

    const { token: adminToken } = await createApiToken({ name: "validator", role: "admin", createdBy: admin }, { db });
    const response = await tokensRoute.POST(
      new Request("http://lotline.test/api/v1/admin/tokens", { method: "POST", headers: { ...bearer(adminToken), "content-type": "application/json" }, body: JSON.stringify({ name: "v", role: "viewer", plants: ["P1"] }) }),
      noParams,
    );
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { detail: string; issues: { field: string }[] };
    expect(problem.issues.map((i) => i.field)).toEqual(["plants"]);
    const notJson = await tokensRoute.POST(new Request("http://lotline.test/api/v1/admin/tokens", { method: "POST", headers: bearer(adminToken), body: "{" }), noParams);
    expect(notJson.status).toBe(400);
  });

  it("revokes directly and writes the audit row with the user who did it", async () => {
    const { token, record } = await createApiToken({ name: "to-revoke", role: "executive", createdBy: admin }, { db });
    // Accepted first, so the revocation has a cached token to drop.
    expect(await authenticateApiToken(token, { db })).toMatchObject({ role: "executive" });
    const revoked = await revokeApiToken(record.id, admin, { db });
    expect(revoked.status).toBe("revoked");
    expect(await authenticateApiToken(token, { db })).toBeNull();
    const audit = await (await getDb()).auditLog.findFirstOrThrow({ where: { entityId: record.id, action: "api_token.revoked" } });
    expect(audit).toMatchObject({ actorId: admin.id, actorLabel: admin.email });
    await expect(revokeApiToken("missing-id", admin, { db })).rejects.toThrow(/no API token/);
  });

  it("lets an admin token create a user, audited under the token's label (no users row to point at)", async () => {
    const { token } = await createApiToken({ name: "provisioner", role: "admin", createdBy: admin }, { db });
    const response = await usersRoute.POST(
      new Request("http://lotline.test/api/v1/admin/users", {
        method: "POST",
        headers: { ...bearer(token), "content-type": "application/json" },
        body: JSON.stringify({ email: "Robot-Made@Example.com", password: "a-long-enough-password", role: "viewer" }),
      }),
      noParams,
    );
    expect(response.status).toBe(201);
    const { user } = (await response.json()) as { user: { id: string; email: string } };
    expect(user.email).toBe("robot-made@example.com");
    const audit = await (await getDb()).auditLog.findFirstOrThrow({ where: { action: "user.created", entityId: user.id } });
    expect(audit).toMatchObject({ actorId: null, actorLabel: "token:provisioner" });
  });

  it("reports the audit chain over GET /api/v1/audit/verify to audit:read only", async () => {
    const { token: adminToken } = await createApiToken({ name: "auditor", role: "admin", createdBy: admin }, { db });
    const { token: viewerToken } = await createApiToken({ name: "nosy", role: "viewer", createdBy: admin }, { db });
    const url = "http://lotline.test/api/v1/audit/verify";
    const ok = await auditVerifyRoute.GET(new Request(url, { headers: bearer(adminToken) }), noParams);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, checked: await db.auditLog.count(), firstBroken: null });
    const refused = await auditVerifyRoute.GET(new Request(url, { headers: bearer(viewerToken) }), noParams);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toMatch(/problem\+json/);
  });
});
