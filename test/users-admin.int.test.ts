import type { AuthOptions, Session, User } from "next-auth";
import { decode, encode, type JWT } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "../lib/auth/actor";
import type { Db } from "../lib/db/client";
import { DATABASE_ENGINE, databaseEnv } from "./database-env";
import { embeddedTestEnv } from "./embedded-env";

// User administration on the real runtime (PGlite, or PostgreSQL 15 under `npm test`), through
// the route handlers Next.js serves. Sessions are next-auth's real JWTs: signed in with the real
// credentials provider and jwt callback, encoded with the secret, and read back on each request
// with next-auth's decode and the app's session callback. Only the cookie jar is the test's:
// outside the Next server there is no request scope for next-auth to read cookies from (the
// browser path is e2e/admin-users.spec.ts).
const SECRET = "users-admin-test-secret-0123456789";
const database = await databaseEnv("users-admin");
const dir = embeddedTestEnv("users-admin", { ...database.env, NEXTAUTH_SECRET: SECRET });

let cookie: string | null = null;

vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async (options: AuthOptions): Promise<Session | null> => {
    if (cookie === null) return null;
    const decoded = await decode({ token: cookie, secret: SECRET });
    if (!decoded) return null;
    const callbacks = options.callbacks!;
    const token = await callbacks.jwt!({ token: decoded } as Parameters<NonNullable<typeof callbacks.jwt>>[0]);
    const session = { user: { name: token.name, email: token.email, image: token.picture }, expires: new Date(Date.now() + 3_600_000).toISOString() } as Session;
    return (await callbacks.session!({ session, token } as Parameters<NonNullable<typeof callbacks.session>>[0])) as Session;
  },
}));

const { getRuntime, getDb } = await import("../server/runtime");
const { authOptions } = await import("../lib/auth/options");
const { getActor, userActor } = await import("../lib/auth/actor");
const { updateUser } = await import("../lib/users/update-user");
const { requirePageActor } = await import("../lib/auth/page-guard");
const { createApiToken } = await import("../lib/auth/api-tokens");
const { setPasswordFromLink, PASSWORD_LINK_TTL_MS } = await import("../lib/users/password-links");
const { verifyAuditChain } = await import("../lib/audit/verify-chain");
const usersRoute = await import("../app/api/v1/admin/users/route");
const userRoute = await import("../app/api/v1/admin/users/[id]/route");
const resetRoute = await import("../app/api/v1/admin/users/[id]/reset-password/route");
const historyRoute = await import("../app/api/v1/admin/users/[id]/history/route");
const setPasswordRoute = await import("../app/api/v1/set-password/route");

const BASE = "http://lotline.test";
const ADMIN_PASSWORD = "integration-admin-pw";
const noParams = { params: Promise.resolve({}) as Promise<Record<string, never>> };
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: string;
  plants: string[];
  disabled: boolean;
  status: string;
  revision: number;
  hasPassword: boolean;
  lastLoginAt: string | null;
}
interface Created {
  user: UserView;
  setPasswordLink: { path: string; expiresAt: string } | null;
}
interface Problem {
  status: number;
  detail: string;
  issues?: { field: string; message: string }[];
  current?: UserView;
}

let db!: Db;
let adminId = "";
let adminEmail = "";
let adminCookie = "";

/** Signs in as the login form does (the credentials provider, then the jwt callback) and returns the session cookie, or null when refused. */
async function signIn(email: string, password: string): Promise<string | null> {
  const options = authOptions(db);
  const credentials = options.providers[0] as unknown as { options: { authorize: (c: Record<string, string>) => Promise<User | null> } };
  const user = await credentials.options.authorize({ email, password });
  if (!user) return null;
  const token = await options.callbacks!.jwt!({
    token: { name: user.name, email: user.email, sub: user.id },
    user,
    account: { provider: "credentials", type: "credentials", providerAccountId: user.id },
    trigger: "signIn",
  } as Parameters<NonNullable<NonNullable<AuthOptions["callbacks"]>["jwt"]>>[0]);
  return encode({ token: token as JWT, secret: SECRET });
}

/** A request as the browser sends it with `session` as its cookie (null: signed out), or with a bearer token. */
function as(session: string | null | { bearer: string }) {
  cookie = session === null || typeof session === "string" ? session : null;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (session !== null && typeof session === "object") headers.authorization = `Bearer ${session.bearer}`;
  return {
    list: () => usersRoute.GET(new Request(`${BASE}/api/v1/admin/users`, { headers }), noParams),
    create: (body: unknown) => usersRoute.POST(new Request(`${BASE}/api/v1/admin/users`, { method: "POST", headers, body: JSON.stringify(body) }), noParams),
    get: (id: string) => userRoute.GET(new Request(`${BASE}/api/v1/admin/users/${id}`, { headers }), idParams(id)),
    patch: (id: string, body: unknown) => userRoute.PATCH(new Request(`${BASE}/api/v1/admin/users/${id}`, { method: "PATCH", headers, body: JSON.stringify(body) }), idParams(id)),
    reset: (id: string, body: unknown = {}) => resetRoute.POST(new Request(`${BASE}/api/v1/admin/users/${id}/reset-password`, { method: "POST", headers, body: JSON.stringify(body) }), idParams(id)),
    history: (id: string) => historyRoute.GET(new Request(`${BASE}/api/v1/admin/users/${id}/history`, { headers }), idParams(id)),
  };
}

const json = async <T>(response: Response) => (await response.json()) as T;
const tokenOf = (link: { path: string }) => link.path.split("#")[1]!;
const setPassword = (body: unknown) => setPasswordRoute.POST(new Request(`${BASE}/api/v1/set-password`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));

async function createUser(body: Record<string, unknown>): Promise<Created> {
  const response = await as(adminCookie).create(body);
  expect(response.status, await response.clone().text()).toBe(201);
  return json<Created>(response);
}

async function expectProblem(response: Response, status: number, detail?: RegExp): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const problem = await json<Problem>(response);
  if (detail) expect(problem.detail).toMatch(detail);
  return problem;
}

/** The actor the next request of this session resolves to (what every page and API route asks). */
async function actorOf(session: string): Promise<Actor | null> {
  cookie = session;
  return getActor(db);
}

beforeAll(async () => {
  await getRuntime();
  db = await getDb();
  const admin = await db.user.findFirstOrThrow({ where: { role: "admin" } });
  adminId = admin.id;
  adminEmail = admin.email;
  adminCookie = (await signIn(adminEmail, ADMIN_PASSWORD))!;
  expect(adminCookie).toBeTruthy();
}, 120_000);

afterAll(async () => {
  await (await getRuntime()).stop();
  await database.drop();
  dir.remove();
});

describe(`user administration API (${DATABASE_ENGINE})`, () => {
  it("creates users with an initial password or a one-time set-password link, validated and audited", async () => {
    const withPassword = await createUser({ email: "Kim.Viewer@Example.com", name: "Kim", password: "kim-initial-password", role: "viewer" });
    expect(withPassword.user).toMatchObject({ email: "kim.viewer@example.com", name: "Kim", role: "viewer", plants: [], status: "active", hasPassword: true, disabled: false, revision: 1, lastLoginAt: null });
    expect(withPassword.setPasswordLink).toBeNull();
    expect(JSON.stringify(withPassword)).not.toMatch(/passwordHash|argon2/);
    expect(await signIn("kim.viewer@example.com", "kim-initial-password")).toBeTruthy();
    expect((await db.user.findUniqueOrThrow({ where: { id: withPassword.user.id } })).lastLoginAt).not.toBeNull();

    const invited = await createUser({ email: "pat.pm@example.com", role: "plant_manager", plants: ["P200", "P100", "P100"] });
    expect(invited.user).toMatchObject({ plants: ["P100", "P200"], status: "awaiting_password", hasPassword: false });
    expect(invited.setPasswordLink!.path).toMatch(/^\/set-password#[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(invited.setPasswordLink!.expiresAt) - Date.now()).toBeGreaterThan(PASSWORD_LINK_TTL_MS - 60_000);
    // Only the link's hash is stored.
    const row = await db.user.findUniqueOrThrow({ where: { id: invited.user.id } });
    expect(row.passwordLinkHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(tokenOf(invited.setPasswordLink!));

    const audit = await db.auditLog.findFirstOrThrow({ where: { entityType: "user", entityId: invited.user.id, action: "user.created" } });
    expect(audit).toMatchObject({ actorId: adminId, actorLabel: adminEmail, after: { email: "pat.pm@example.com", role: "plant_manager", plants: ["P100", "P200"], password: "set-password link" } });
    expect(JSON.stringify(audit.after)).not.toContain(tokenOf(invited.setPasswordLink!));

    const missingPlants = await expectProblem(await as(adminCookie).create({ email: "pm2@example.com", role: "plant_manager" }), 400, /plants: a plant manager needs at least one plant/);
    expect(missingPlants.issues).toEqual([expect.objectContaining({ field: "plants" })]);
    await expectProblem(await as(adminCookie).create({ email: "v2@example.com", role: "viewer", plants: ["P100"] }), 400, /plants apply only to plant managers/);
    await expectProblem(await as(adminCookie).create({ email: "short@example.com", role: "viewer", password: "short" }), 400, /password: at least 12 characters/);
    const taken = await expectProblem(await as(adminCookie).create({ email: "KIM.viewer@example.com", role: "viewer" }), 409, /exists/);
    expect(taken.issues?.[0]?.field).toBe("email");
  });

  it("refuses every user-administration call to roles without users:manage (403) and to no one signed in (401)", async () => {
    const { user } = await createUser({ email: "nosy.viewer@example.com", password: "nosy-viewer-password", role: "viewer" });
    const viewer = (await signIn(user.email, "nosy-viewer-password"))!;
    const support = (await createApiToken({ name: "support-tool", role: "support_engineer" }, { db })).token;
    for (const caller of [viewer, { bearer: support }]) {
      const api = as(caller);
      await expectProblem(await api.list(), 403, /users:read/);
      await expectProblem(await api.get(adminId), 403);
      await expectProblem(await api.history(adminId), 403);
      await expectProblem(await api.create({ email: "evil@example.com", role: "admin", password: "evil-admin-password" }), 403, /users:manage/);
      await expectProblem(await api.patch(user.id, { role: "admin" }), 403, /users:manage/);
      await expectProblem(await api.reset(adminId, { password: "taken-over-password" }), 403, /users:manage/);
    }
    await expectProblem(await as(null).list(), 401);
    await expectProblem(await as(null).patch(user.id, { role: "admin" }), 401);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("viewer");
    expect(await db.user.count({ where: { email: "evil@example.com" } })).toBe(0);
    expect(await signIn(adminEmail, ADMIN_PASSWORD)).toBeTruthy();
  });

  it("changes role and plant scope, and the user's next request already runs with them", async () => {
    const { user } = await createUser({ email: "lee.pm@example.com", name: "Lee", password: "lee-pm-password-1", role: "plant_manager", plants: ["P100"] });
    const lee = (await signIn(user.email, "lee-pm-password-1"))!;
    expect(await actorOf(lee)).toMatchObject({ role: "plant_manager", plants: ["P100"] });

    const rescoped = await as(adminCookie).patch(user.id, { baseRevision: 1, plants: ["P300", "P200"] });
    expect(rescoped.status).toBe(200);
    expect((await json<{ user: UserView }>(rescoped)).user).toMatchObject({ plants: ["P200", "P300"], revision: 2 });
    expect(await actorOf(lee)).toMatchObject({ role: "plant_manager", plants: ["P200", "P300"] });

    await expectProblem(await as(lee).list(), 403);
    const promoted = await as(adminCookie).patch(user.id, { baseRevision: 2, role: "admin", name: "Lee Admin" });
    // Leaving plant manager drops the plants: nobody else has a plant scope.
    expect((await json<{ user: UserView }>(promoted)).user).toMatchObject({ role: "admin", plants: [], name: "Lee Admin", revision: 3 });
    expect((await as(lee).list()).status).toBe(200);
    await as(adminCookie).patch(user.id, { role: "viewer" });
    await expectProblem(await as(lee).list(), 403);

    await expectProblem(await as(adminCookie).patch(user.id, { plants: ["P100"] }), 400, /plants apply only to plant managers/);
    await expectProblem(await as(adminCookie).patch(user.id, { role: "plant_manager" }), 400, /a plant manager needs at least one plant/);
    await expectProblem(await as(adminCookie).patch(user.id, { role: "root" }), 400, /role must be one of/);
    await expectProblem(await as(adminCookie).patch(user.id, { password: "sneaky-password-1" }), 400);
    await expectProblem(await as(adminCookie).patch("nosuchuserid000000000000", { role: "viewer" }), 404);
    await expectProblem(await as(adminCookie).patch("../etc", { role: "viewer" }), 400, /not a valid user id/);

    const updates = await db.auditLog.findMany({ where: { entityType: "user", entityId: user.id, action: "user.updated" }, orderBy: { seq: "asc" } });
    expect(updates.map((u) => [u.before, u.after])).toEqual([
      [
        { name: "Lee", role: "plant_manager", plants: ["P100"] },
        { name: "Lee", role: "plant_manager", plants: ["P200", "P300"] },
      ],
      [
        { name: "Lee", role: "plant_manager", plants: ["P200", "P300"] },
        { name: "Lee Admin", role: "admin", plants: [] },
      ],
      [
        { name: "Lee Admin", role: "admin", plants: [] },
        { name: "Lee Admin", role: "viewer", plants: [] },
      ],
    ]);
    expect(updates.every((u) => u.actorId === adminId)).toBe(true);
    // Saving what is already stored changes nothing and records nothing.
    const same = await as(adminCookie).patch(user.id, { role: "viewer", name: "Lee Admin" });
    expect((await json<{ user: UserView }>(same)).user.revision).toBe(4);
    expect(await db.auditLog.count({ where: { entityType: "user", entityId: user.id, action: "user.updated" } })).toBe(3);
  });

  it("a disabled user cannot sign in, and the session they had is refused on its next page or API request", async () => {
    const { user } = await createUser({ email: "sam.exec@example.com", password: "sam-exec-password", role: "executive" });
    const sam = (await signIn(user.email, "sam-exec-password"))!;
    expect(await actorOf(sam)).toMatchObject({ id: user.id, role: "executive" });

    const disabled = await as(adminCookie).patch(user.id, { baseRevision: 1, disabled: true });
    expect((await json<{ user: UserView }>(disabled)).user).toMatchObject({ disabled: true, status: "disabled" });
    expect(await signIn(user.email, "sam-exec-password")).toBeNull();
    expect(await actorOf(sam)).toBeNull();
    await expectProblem(await as(sam).list(), 401);
    cookie = sam;
    await expect(requirePageActor(db, "/slas")).rejects.toThrow(/NEXT_REDIRECT/);

    // Enabling lets them sign in again, but the session from before the disable stays dead.
    await as(adminCookie).patch(user.id, { disabled: false });
    expect(await actorOf(sam)).toBeNull();
    const again = (await signIn(user.email, "sam-exec-password"))!;
    expect(await actorOf(again)).toMatchObject({ id: user.id });

    const audits = await db.auditLog.findMany({ where: { entityType: "user", entityId: user.id }, orderBy: { seq: "asc" }, select: { action: true, before: true, after: true, actorLabel: true } });
    expect(audits.map((a) => a.action)).toEqual(["user.created", "user.disabled", "user.enabled"]);
    expect(audits[1]).toMatchObject({ before: { disabled: false }, after: { disabled: true }, actorLabel: adminEmail });
  });

  it("resetting a password stops the old one and every session at once; the one-time link sets a new one, once", async () => {
    const { user } = await createUser({ email: "robin.support@example.com", password: "robin-old-password", role: "support_engineer" });
    const before = (await signIn(user.email, "robin-old-password"))!;
    expect(await actorOf(before)).not.toBeNull();

    const withLink = await as(adminCookie).reset(user.id);
    expect(withLink.status).toBe(200);
    const { setPasswordLink, user: resetView } = await json<Created>(withLink);
    expect(resetView).toMatchObject({ hasPassword: false, status: "awaiting_password" });
    expect(await signIn(user.email, "robin-old-password")).toBeNull();
    expect(await actorOf(before)).toBeNull();

    const token = tokenOf(setPasswordLink!);
    await expectProblem(await setPassword({ token, password: "too-short" }), 400, /password: at least 12 characters/);
    await expectProblem(await setPassword({ token: "A".repeat(43), password: "robin-new-password" }), 400, /does not work any more/);
    // A link past its expiry does not work.
    await expect(setPasswordFromLink(db, { token, password: "robin-late-password" }, new Date(Date.now() + PASSWORD_LINK_TTL_MS + 1_000))).rejects.toThrow(/does not work any more/);
    const used = await setPassword({ token, password: "robin-new-password" });
    expect(used.status).toBe(200);
    expect(await json<{ email: string }>(used)).toEqual({ email: user.email });
    await expectProblem(await setPassword({ token, password: "robin-other-password" }), 400, /does not work any more/);
    expect(await signIn(user.email, "robin-old-password")).toBeNull();
    const fresh = (await signIn(user.email, "robin-new-password"))!;
    expect(await actorOf(fresh)).toMatchObject({ id: user.id, role: "support_engineer" });

    // Set directly by the admin: the answer carries no link; the old password and sessions stop working.
    const direct = await as(adminCookie).reset(user.id, { password: "robin-admin-set-pw" });
    expect((await json<Created>(direct)).setPasswordLink).toBeNull();
    expect(await signIn(user.email, "robin-new-password")).toBeNull();
    expect(await actorOf(fresh)).toBeNull();
    expect(await actorOf((await signIn(user.email, "robin-admin-set-pw"))!)).toMatchObject({ id: user.id });

    // A newer link replaces an older one, and disabling voids the outstanding one.
    const first = tokenOf((await json<Created>(await as(adminCookie).reset(user.id))).setPasswordLink!);
    const second = tokenOf((await json<Created>(await as(adminCookie).reset(user.id))).setPasswordLink!);
    await expectProblem(await setPassword({ token: first, password: "robin-first-link-pw" }), 400);
    await as(adminCookie).patch(user.id, { disabled: true });
    await as(adminCookie).patch(user.id, { disabled: false });
    await expectProblem(await setPassword({ token: second, password: "robin-second-link-pw" }), 400);
    expect(await signIn(user.email, "robin-admin-set-pw")).toBeNull();

    await expectProblem(await as(adminCookie).reset(adminId, { password: "my-own-new-password" }), 409, /your own password/);
    await expectProblem(await as(adminCookie).reset(user.id, { password: "x" }), 400, /at least 12/);

    const audits = await db.auditLog.findMany({ where: { entityType: "user", entityId: user.id, action: { in: ["user.password_reset", "user.password_set"] } }, orderBy: { seq: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["user.password_reset", "user.password_set", "user.password_reset", "user.password_reset", "user.password_reset"]);
    expect(audits[1]).toMatchObject({ actorId: user.id, actorLabel: user.email });
    const rows = JSON.stringify(audits.map((a) => [a.before, a.after]));
    for (const secret of [token, first, second, "robin-new-password", "robin-admin-set-pw"]) expect(rows).not.toContain(secret);
  });

  it("never leaves no enabled administrator: demoting or disabling the last one is a 409", async () => {
    const last = await expectProblem(await as(adminCookie).patch(adminId, { role: "viewer" }), 409, /^You are the last enabled administrator/);
    expect(last).toMatchObject({ reason: "last_admin" });
    await expectProblem(await as(adminCookie).patch(adminId, { disabled: true }), 409, /last enabled administrator/);
    const adminToken = (await createApiToken({ name: "provisioner", role: "admin" }, { db })).token;
    await expectProblem(await as({ bearer: adminToken }).patch(adminId, { role: "executive" }), 409, new RegExp(`^${adminEmail.replace(/[.]/g, "\\.")} is the last enabled administrator`));
    expect(await db.user.findUniqueOrThrow({ where: { id: adminId } })).toMatchObject({ role: "admin", disabled: false });

    // Two admins demoting each other at the same moment: one wins, the other is told it would leave
    // none. Called below the route, so both transactions are in flight together (the route's own
    // role check could otherwise refuse the second caller once the first has committed); a few
    // rounds, since without the lock the two interleave badly about every other time.
    const { user: other } = await createUser({ email: "second.admin@example.com", password: "second-admin-password", role: "admin" });
    for (let round = 0; round < 4; round++) {
      const [adminRow, otherRow] = await Promise.all([db.user.findUniqueOrThrow({ where: { id: adminId } }), db.user.findUniqueOrThrow({ where: { id: other.id } })]);
      const outcomes = await Promise.allSettled([updateUser(db, userActor(adminRow), other.id, { role: "viewer" }), updateUser(db, userActor(otherRow), adminId, { role: "viewer" })]);
      expect(outcomes.map((o) => o.status).sort(), `round ${round}`).toEqual(["fulfilled", "rejected"]);
      expect(outcomes.find((o) => o.status === "rejected")!.reason).toMatchObject({ status: 409, message: expect.stringMatching(/is the last enabled administrator/) });
      expect(await db.user.count({ where: { role: "admin", disabled: false } })).toBe(1);
      await as({ bearer: adminToken }).patch(outcomes[0]!.status === "fulfilled" ? other.id : adminId, { role: "admin" });
    }
    expect(await db.user.count({ where: { role: "admin", disabled: false } })).toBe(2);

    // With another admin enabled, an admin may step down.
    const stepDown = await as({ bearer: adminToken }).patch(other.id, { role: "viewer" });
    expect(stepDown.status).toBe(200);
  });

  it("answers 409 with the user as they are now when someone else changed them since the editor loaded", async () => {
    const { user } = await createUser({ email: "alex.viewer@example.com", password: "alex-viewer-password", role: "viewer" });
    expect((await as(adminCookie).patch(user.id, { baseRevision: 1, name: "Alex" })).status).toBe(200);
    const stale = await expectProblem(await as(adminCookie).patch(user.id, { baseRevision: 1, role: "executive" }), 409, new RegExp(`changed by ${adminEmail.replace(/[.]/g, "\\.")} since you opened it`));
    expect(stale.current).toMatchObject({ id: user.id, name: "Alex", role: "viewer", revision: 2 });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("viewer");
    expect((await as(adminCookie).patch(user.id, { baseRevision: 2, role: "executive" })).status).toBe(200);
  });

  it("lists users with their state and shows each user's audit trail, newest first, without secrets", async () => {
    const { user } = await createUser({ email: "jo.history@example.com", role: "viewer" });
    await as(adminCookie).patch(user.id, { role: "plant_manager", plants: ["P100"] });
    await as(adminCookie).patch(user.id, { disabled: true });
    const response = await as(adminCookie).history(user.id);
    expect(response.status).toBe(200);
    const { entries } = await json<{ entries: { action: string; actor: string; at: string; before: unknown; after: unknown }[] }>(response);
    expect(entries.map((e) => e.action)).toEqual(["user.disabled", "user.updated", "user.created"]);
    expect(entries.every((e) => e.actor === adminEmail)).toBe(true);
    expect(entries[1]).toMatchObject({ before: { role: "viewer", plants: [] }, after: { role: "plant_manager", plants: ["P100"] } });
    await expectProblem(await as(adminCookie).history("nosuchuserid000000000000"), 404);

    const list = await json<{ users: UserView[] }>(await as(adminCookie).list());
    expect(list.users.find((u) => u.id === user.id)).toMatchObject({ status: "disabled", role: "plant_manager", plants: ["P100"] });
    expect(list.users.map((u) => u.email)).toEqual([...list.users.map((u) => u.email)].sort());
    expect(JSON.stringify(list)).not.toMatch(/passwordHash|passwordLinkHash|sessionVersion/);
    expect((await json<{ user: UserView }>(await as(adminCookie).get(user.id))).user.email).toBe(user.email);

    // Every record above went through the one writer into the hash chain.
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, firstBroken: null });
  });
});
