import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import { emit } from "../lib/audit/emit";
import { verifyAuditChain } from "../lib/audit/verify-chain";
import { createDb, type Db } from "../lib/db/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { DEFAULT_MIGRATIONS_DIR, migrateDatabase } from "../lib/db/migrate";
import { makeTempDir } from "./temp-dir";

const CHAIN_MIGRATION = "20261203000000_audit_chain";
const dir = makeTempDir("audit-chain");
let pg: EmbeddedPostgres;
let db: Db;
let admin: Actor;

const rowAt = (seq: number) => db.auditLog.findFirstOrThrow({ where: { seq: BigInt(seq) } });

beforeAll(async () => {
  pg = await startEmbeddedPostgres(path.join(dir.path, "pg"));
  // Rows written before the chain existed, to see the migration chain them.
  const before = path.join(dir.path, "migrations-before");
  cpSync(DEFAULT_MIGRATIONS_DIR, before, { recursive: true });
  rmSync(path.join(before, CHAIN_MIGRATION), { recursive: true });
  await migrateDatabase(pg.connectionString, before);
  db = createDb(pg.connectionString, pg.maxConnections);
  const user = await db.user.create({ data: { email: "auditor@example.com", role: "admin" } });
  admin = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
  for (const [i, action] of ["user.created", "api_token.created"].entries()) {
    await db.$executeRaw`INSERT INTO audit_log (id, at, actor_id, actor_label, action, entity_type, entity_id, after)
      VALUES (${`legacy-${i}`}, ${new Date(Date.UTC(2026, 10, 1, 0, i))}, ${user.id}, ${user.email}, ${action}, 'user', ${user.id}, ${JSON.stringify({ i })}::jsonb)`;
  }
  expect((await migrateDatabase(pg.connectionString)).applied).toEqual([CHAIN_MIGRATION]);
});

afterAll(async () => {
  await db?.$disconnect();
  await pg.stop();
  dir.remove();
});

describe("append-only, hash-chained audit log (real PGlite)", () => {
  it("chains the rows that existed before the migration, oldest first", async () => {
    const rows = await db.auditLog.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.id, r.seq])).toEqual([
      ["legacy-0", 1n],
      ["legacy-1", 2n],
    ]);
    expect(rows[0]!.prevHash).toBe("0".repeat(64));
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 2, firstBroken: null });
  });

  it("chains rows written through emit, whatever hash the client claims", async () => {
    await db.$transaction(async (tx) => {
      await emit(tx, admin, { action: "user.created", entity: { type: "user", id: "u1" }, after: { email: "a@example.com" } });
      await emit(tx, admin, { action: "api_token.revoked", entity: { type: "api_token", id: "t1" }, before: { revokedAt: null }, after: { revokedAt: "now" } });
    });
    await emit(db, "cli:tester", { action: "evidence_pack.downloaded", entity: { type: "lot", id: "L1" }, after: { files: 3 } });
    await db.auditLog.create({ data: { actorLabel: "forger", action: "user.created", entityType: "user", entityId: "u2", seq: 1n, prevHash: "f".repeat(64), hash: "f".repeat(64) } });
    const rows = await db.auditLog.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    expect(rows[4]).toMatchObject({ actorId: null, actorLabel: "cli:tester" });
    expect(rows[5]!.prevHash).toBe(rows[4]!.hash);
    expect(rows[5]!.hash).not.toBe("f".repeat(64));
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 6, firstBroken: null });
    // Paging gives the same answer as one read.
    expect(await verifyAuditChain(db, 4)).toEqual({ ok: true, checked: 6, firstBroken: null });
  });

  it("orders the chain by seq as a number, past ten rows and across pages", async () => {
    for (let i = 0; i < 8; i += 1) await emit(db, admin, { action: "alert_silence.created", entity: { type: "alert_silence", id: `s${i}` }, after: { i } });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 14, firstBroken: null });
    expect(await verifyAuditChain(db, 3)).toEqual({ ok: true, checked: 14, firstBroken: null });
  });

  it("skips a no-op update and leaves no row for a rolled-back transaction", async () => {
    const count = await db.auditLog.count();
    await emit(db, admin, { action: "alert_rule.updated", entity: { type: "alert_rule", id: "r1" }, before: { on: true }, after: { on: true } });
    await expect(
      db.$transaction(async (tx) => {
        await emit(tx, admin, { action: "user.created", entity: { type: "user", id: "ghost" }, after: { email: "ghost@example.com" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.auditLog.count()).toBe(count);
    expect(await db.auditLog.count({ where: { entityId: "ghost" } })).toBe(0);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    const row = await rowAt(3);
    await expect(db.auditLog.update({ where: { id: row.id }, data: { after: { email: "other@example.com" } } })).rejects.toThrow(/append-only: UPDATE is refused/);
    await expect(db.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only: DELETE is refused/);
    await expect(db.$executeRawUnsafe("TRUNCATE audit_log")).rejects.toThrow(/append-only: TRUNCATE is refused/);
    expect(await rowAt(3)).toEqual(row);
  });

  it("deletes a user and keeps the audit rows that name them untouched", async () => {
    const rows = await db.auditLog.findMany({ where: { actorId: admin.id }, orderBy: { seq: "asc" } });
    expect(rows.length).toBeGreaterThan(0);
    await db.user.delete({ where: { id: admin.id } });
    expect(await db.user.count({ where: { id: admin.id } })).toBe(0);
    expect(await db.auditLog.findMany({ where: { actorId: admin.id }, orderBy: { seq: "asc" } })).toEqual(rows);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("fails at exactly the row whose content was changed behind the trigger's back", async () => {
    const row = await rowAt(4);
    await db.$executeRawUnsafe("DROP TRIGGER audit_log_append_only ON audit_log");
    try {
      await db.$executeRaw`UPDATE audit_log SET after = ${JSON.stringify({ revokedAt: "never" })}::jsonb WHERE id = ${row.id}`;
      expect(await verifyAuditChain(db)).toEqual({
        ok: false,
        checked: 4,
        firstBroken: { id: row.id, seq: "4", at: row.at.toISOString(), reason: expect.stringMatching(/content does not match its hash/) },
      });
      // Recomputing the tampered row's hash only moves the break to the next link.
      await db.$executeRaw`UPDATE audit_log l SET hash = audit_log_hash(l.prev_hash, audit_log_content(l)) WHERE id = ${row.id}`;
      const next = await rowAt(5);
      expect((await verifyAuditChain(db)).firstBroken).toMatchObject({ id: next.id, seq: "5", reason: expect.stringMatching(/prev_hash does not match/) });
      await db.$executeRaw`UPDATE audit_log SET after = ${row.after as object}::jsonb, hash = ${row.hash} WHERE id = ${row.id}`;
      expect((await verifyAuditChain(db)).ok).toBe(true);
    } finally {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`,
      );
    }
  });

  it("detects a deleted row at the row after it", async () => {
    const [removed, next] = [await rowAt(2), await rowAt(3)];
    await db.$executeRawUnsafe("DROP TRIGGER audit_log_append_only ON audit_log");
    await db.$executeRaw`DELETE FROM audit_log WHERE id = ${removed.id}`;
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: false, checked: 2, firstBroken: { id: next.id, seq: "3", reason: expect.stringMatching(/removed/) } });
  });
});
