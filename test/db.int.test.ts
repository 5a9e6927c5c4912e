import { cpSync, appendFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAdmin } from "../lib/auth/bootstrap-admin";
import { verifyPassword } from "../lib/auth/password";
import { createDb, type Db } from "../lib/db/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { DEFAULT_MIGRATIONS_DIR, migrateDatabase } from "../lib/db/migrate";
import { makeTempDir } from "./temp-dir";

const dir = makeTempDir("db");
let pg: EmbeddedPostgres;
let db: Db;

beforeAll(async () => {
  pg = await startEmbeddedPostgres(path.join(dir.path, "pg"));
});

afterAll(async () => {
  await db?.$disconnect();
  await pg.stop();
  dir.remove();
});

describe("relational store (real PGlite over the wire protocol)", () => {
  it("applies the SQL migrations once into Prisma's ledger; a second run changes nothing", async () => {
    const first = await migrateDatabase(pg.connectionString);
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await migrateDatabase(pg.connectionString);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied });
    db = createDb(pg.connectionString, pg.maxConnections);
    const ledger = await db.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`;
    expect(ledger.map((r) => r.migration_name)).toEqual(first.applied);
  });

  it("refuses a migration edited after it was applied", async () => {
    const copy = path.join(dir.path, "migrations");
    cpSync(DEFAULT_MIGRATIONS_DIR, copy, { recursive: true });
    const [name] = (await migrateDatabase(pg.connectionString, copy)).alreadyApplied;
    appendFileSync(path.join(copy, name!, "migration.sql"), "\n-- edited\n");
    await expect(migrateDatabase(pg.connectionString, copy)).rejects.toThrow(/edited after it was applied/);
  });

  it("serves every model: users with roles and plants, SSO accounts, the audit log", async () => {
    const user = await db.user.create({ data: { email: "pm@plant.example", role: "plant_manager", plants: ["P100", "P200"] } });
    expect(user).toMatchObject({ role: "plant_manager", plants: ["P100", "P200"], disabled: false });
    await db.account.create({ data: { userId: user.id, provider: "oidc", providerAccountId: "sub-1" } });
    await expect(db.account.create({ data: { userId: user.id, provider: "oidc", providerAccountId: "sub-1" } })).rejects.toThrow();
    const audit = await db.auditLog.create({ data: { actorId: user.id, actorLabel: user.email, action: "test.done", entityType: "user", entityId: user.id, after: { ok: true } } });
    expect(audit).toMatchObject({ actorId: user.id, after: { ok: true }, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const loaded = await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { accounts: true } });
    expect(loaded.accounts).toHaveLength(1);
    // The audit log is append-only: deleting the user leaves the row that names them as it was.
    await db.user.delete({ where: { id: user.id } });
    expect(await db.account.count()).toBe(0);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "test.done" } })).toEqual(audit);
  });

  it("serves API tokens: unique hash, plant scope, and a creator whose deletion keeps the token", async () => {
    const creator = await db.user.create({ data: { email: "token-maker@example.com", role: "support_engineer" } });
    const token = await db.apiToken.create({ data: { name: "ci", role: "viewer", tokenHash: "a".repeat(64), prefix: "llt_aaaa", createdById: creator.id } });
    expect(token).toMatchObject({ role: "viewer", plants: [], lastUsedAt: null, expiresAt: null, revokedAt: null });
    expect(token.createdAt).toBeInstanceOf(Date);
    await expect(db.apiToken.create({ data: { name: "copy", role: "viewer", tokenHash: "a".repeat(64), prefix: "llt_aaaa" } })).rejects.toThrow();
    const expiresAt = new Date("2027-01-01T00:00:00Z");
    const scoped = await db.apiToken.create({ data: { name: "pm", role: "plant_manager", plants: ["P100", "P200"], tokenHash: "b".repeat(64), prefix: "llt_bbbb", expiresAt } });
    expect(await db.apiToken.findUniqueOrThrow({ where: { tokenHash: "b".repeat(64) } })).toMatchObject({ id: scoped.id, plants: ["P100", "P200"], expiresAt });
    const loaded = await db.user.findUniqueOrThrow({ where: { id: creator.id }, include: { apiTokens: true } });
    expect(loaded.apiTokens.map((t) => t.id)).toEqual([token.id]);
    await db.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date(), lastUsedAt: new Date() } });
    await db.user.delete({ where: { id: creator.id } });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).toMatchObject({ createdById: null, revokedAt: expect.any(Date) });
    await db.apiToken.deleteMany();
  });

  it("creates the first admin once, with an argon2id hash of the configured password", async () => {
    const lines: string[] = [];
    const auth = { adminEmail: "Admin@Example.com", adminPassword: "a-long-admin-password", secret: undefined, oidc: undefined };
    await ensureAdmin(db, auth, (m) => lines.push(m));
    await ensureAdmin(db, auth, (m) => lines.push(m));
    const admins = await db.user.findMany({ where: { role: "admin" } });
    expect(admins).toHaveLength(1);
    expect(admins[0]!.email).toBe("admin@example.com");
    expect(admins[0]!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(admins[0]!.passwordHash!, "a-long-admin-password")).toBe(true);
    expect(await verifyPassword(admins[0]!.passwordHash!, "wrong")).toBe(false);
    expect(lines).toHaveLength(1);
    expect(await db.auditLog.count({ where: { action: "user.created", entityId: admins[0]!.id } })).toBe(1);
  });

  it("prints a generated one-time password when none is configured", async () => {
    await db.user.deleteMany({ where: { role: "admin" } });
    const lines: string[] = [];
    await ensureAdmin(db, { adminEmail: "root@example.com", adminPassword: undefined, secret: undefined, oidc: undefined }, (m) => lines.push(m));
    const password = /one-time password: (\S+)/.exec(lines[0] ?? "")?.[1];
    expect(password).toBeDefined();
    const admin = await db.user.findUniqueOrThrow({ where: { email: "root@example.com" } });
    expect(await verifyPassword(admin.passwordHash!, password!)).toBe(true);
  });
});
