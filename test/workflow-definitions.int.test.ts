import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import { createDb, type Db } from "../lib/db/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { migrateDatabase } from "../lib/db/migrate";
import { HttpError } from "../lib/http/errors";
import { getCalendar, saveCalendar } from "../lib/workflows/calendars-store";
import { defaultNonEventSpecs, defaultWorkflowSpecs, type WorkflowSpec } from "../lib/workflows/definition-spec";
import { createDefinition, getDefinition, listDefinitions, saveDefinitionVersion } from "../lib/workflows/definitions-store";
import { loadEngineDefinitions } from "../lib/workflows/engine-definitions";
import { ensureDefaultDefinitions } from "../lib/workflows/seed-definitions";
import { versionInEffect } from "../lib/workflows/version-in-effect";
import { makeTempDir } from "./temp-dir";

// Real PGlite over the wire protocol with the SQL migrations, as the app runs it.
const dir = makeTempDir("definitions");
let pg: EmbeddedPostgres;
let db: Db;
let admin: Actor;

beforeAll(async () => {
  pg = await startEmbeddedPostgres(path.join(dir.path, "pg"));
  await migrateDatabase(pg.connectionString);
  db = createDb(pg.connectionString, pg.maxConnections);
  const user = await db.user.create({ data: { email: "admin@plant.example", role: "admin" } });
  admin = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
});

afterAll(async () => {
  await db?.$disconnect();
  await pg?.stop();
  dir.remove();
});

async function rejection(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

const orderRelease = () => defaultWorkflowSpecs().find((s) => s.key === "order-release-to-mes")!;

describe("workflow definitions store (real PGlite)", () => {
  it("seeds the eight workflows and the default non-events as version 1, once, and audits each", async () => {
    const seeded = await ensureDefaultDefinitions(db);
    expect(seeded).toHaveLength(defaultWorkflowSpecs().length + defaultNonEventSpecs().length);
    expect(await ensureDefaultDefinitions(db)).toEqual([]);
    const workflows = await listDefinitions(db, "workflow");
    expect(workflows.map((w) => w.key)).toEqual(defaultWorkflowSpecs().map((s) => s.key).sort());
    expect(workflows).toHaveLength(8);
    expect(workflows.every((w) => w.current.version === 1 && w.current.enabled && w.current.createdBy === "system (default)")).toBe(true);
    expect((await listDefinitions(db, "non_event")).map((n) => n.key)).toEqual(["confirmations-stalled", "order-ack-missing"]);
    const audits = await db.auditLog.findMany({ where: { action: "workflow_definition.created" } });
    expect(audits).toHaveLength(8);
    expect(audits[0]).toMatchObject({ actorLabel: "system", actorId: null });
  });

  it("saves an edit as version 2 effective now, keeps version 1, and audits before and after", async () => {
    const edited: WorkflowSpec = { ...orderRelease(), sla: { ...orderRelease().sla, targetMs: 5 * 60_000 } };
    const t0 = Date.now();
    const { definition, changed } = await saveDefinitionVersion(db, "workflow", admin, "order-release-to-mes", { baseVersion: 1, enabled: true, spec: edited });
    expect(changed).toBe(true);
    expect(definition.current).toMatchObject({ version: 2, enabled: true, createdBy: admin.email });
    expect(definition.current.spec.sla.targetMs).toBe(300_000);
    expect(Date.parse(definition.current.effectiveFrom)).toBeGreaterThanOrEqual(t0);
    expect(definition.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(definition.versions[1]!.spec.sla.targetMs).toBe(120_000);

    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "workflow_definition.updated", entityId: "order-release-to-mes" } });
    expect(audit).toMatchObject({ actorId: admin.id, actorLabel: admin.email, entityType: "workflow_definition" });
    expect(audit.before).toMatchObject({ version: 1, enabled: true, spec: { sla: { targetMs: 120_000 } } });
    expect(audit.after).toMatchObject({ version: 2, enabled: true, spec: { sla: { targetMs: 300_000 } } });
    const row = await db.definitionVersionRecord.findFirstOrThrow({ where: { version: 2, definition: { key: "order-release-to-mes" } } });
    expect(row.createdById).toBe(admin.id);
  });

  it("does not store or audit a save that changes nothing", async () => {
    const current = (await getDefinition(db, "workflow", "order-release-to-mes"))!;
    const before = await db.auditLog.count();
    const { definition, changed } = await saveDefinitionVersion(db, "workflow", admin, "order-release-to-mes", { baseVersion: current.current.version, spec: current.current.spec });
    expect(changed).toBe(false);
    expect(definition.current.version).toBe(current.current.version);
    expect(await db.auditLog.count()).toBe(before);
  });

  it("answers 409 to a save based on a stale version, also when two saves race", async () => {
    const stale = await rejection(saveDefinitionVersion(db, "workflow", admin, "order-release-to-mes", { baseVersion: 1, spec: orderRelease() }));
    expect(stale.status).toBe(409);
    expect(stale.extensions).toMatchObject({ currentVersion: 2, baseVersion: 1 });

    const base = (await getDefinition(db, "workflow", "inspection-to-hold"))!.current;
    const variant = (ms: number) => ({ baseVersion: base.version, spec: { ...base.spec, sla: { ...base.spec.sla, targetMs: ms } } });
    const results = await Promise.allSettled([saveDefinitionVersion(db, "workflow", admin, "inspection-to-hold", variant(400_000)), saveDefinitionVersion(db, "workflow", admin, "inspection-to-hold", variant(500_000))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((lost.reason as HttpError).status).toBe(409);
    expect((await getDefinition(db, "workflow", "inspection-to-hold"))!.versionCount).toBe(2);
  });

  it("answers 400 with the path of each bad field, and refuses a key change", async () => {
    const spec = orderRelease();
    const bad = await rejection(
      saveDefinitionVersion(db, "workflow", admin, "order-release-to-mes", { baseVersion: 2, spec: { ...spec, stages: [{ ...spec.stages[0]!, label: "" }, ...spec.stages.slice(1)], sla: { ...spec.sla, untilStage: "nowhere" } } }),
    );
    expect(bad.status).toBe(400);
    const fields = (bad.extensions.issues as { field: string; path: unknown[] }[]).map((i) => i.field);
    expect(fields).toContain("spec.stages.0.label");
    expect(fields).toContain("spec.sla.untilStage");
    expect((bad.extensions.issues as { path: unknown[] }[])[0]!.path[0]).toBe("spec");

    const renamed = await rejection(saveDefinitionVersion(db, "workflow", admin, "order-release-to-mes", { baseVersion: 2, spec: { ...spec, key: "renamed" } }));
    expect(renamed.status).toBe(400);
    expect(renamed.extensions.issues).toEqual([expect.objectContaining({ field: "spec.key" })]);
    expect((await rejection(saveDefinitionVersion(db, "workflow", admin, "order-release-to-mes", { spec }))).status).toBe(400);
    expect((await rejection(saveDefinitionVersion(db, "workflow", admin, "no-such-flow", { baseVersion: 1, spec: { ...spec, key: "no-such-flow" } }))).status).toBe(404);
  });

  it("disables a workflow as a new version; the engine sees every version and judges by trigger time", async () => {
    const current = (await getDefinition(db, "workflow", "downtime-to-planning"))!.current;
    await saveDefinitionVersion(db, "workflow", admin, "downtime-to-planning", { baseVersion: 1, enabled: false, spec: current.spec });
    const engine = await loadEngineDefinitions(db);
    expect(engine.workflows.filter((w) => w.key === "order-release-to-mes").map((w) => w.version)).toEqual([1, 2]);
    expect(engine.nonEvents).toHaveLength(2);
    const v2 = engine.workflows.find((w) => w.key === "order-release-to-mes" && w.version === 2)!;
    expect(versionInEffect(engine.workflows, "order-release-to-mes", new Date(v2.effectiveFrom.getTime() - 1))?.spec.sla.targetMs).toBe(120_000);
    expect(versionInEffect(engine.workflows, "order-release-to-mes", new Date())?.spec.sla.targetMs).toBe(300_000);
    expect(versionInEffect(engine.workflows, "downtime-to-planning", new Date())).toBeNull();
    expect(versionInEffect(engine.workflows, "downtime-to-planning", new Date(1_000))?.version).toBe(1);
  });

  it("creates a new definition, refuses its key twice, and a seed run leaves edits alone", async () => {
    const spec = { ...orderRelease(), key: "order-release-to-mes-p200", name: "Order release (P200 line)" };
    const created = await createDefinition(db, "workflow", admin, { spec });
    expect(created.current).toMatchObject({ version: 1, createdBy: admin.email });
    expect((await rejection(createDefinition(db, "workflow", admin, { spec }))).status).toBe(409);
    expect((await rejection(createDefinition(db, "workflow", admin, { spec: { ...spec, key: "Bad Key" } }))).extensions.issues).toEqual([expect.objectContaining({ field: "spec.key" })]);

    await db.definition.delete({ where: { kind_key: { kind: "non_event", key: "order-ack-missing" } } });
    // A default that is missing (here: as if added by a later release) appears; edited ones keep their versions.
    expect(await ensureDefaultDefinitions(db)).toEqual(["non_event/order-ack-missing"]);
    expect((await getDefinition(db, "workflow", "order-release-to-mes"))!.current.version).toBe(2);
  });

  it("saves non-events through the same versioning", async () => {
    const current = (await getDefinition(db, "non_event", "confirmations-stalled"))!.current;
    if (current.spec.kind !== "volume") throw new Error("expected a volume non-event");
    const { definition } = await saveDefinitionVersion(db, "non_event", admin, "confirmations-stalled", { baseVersion: 1, spec: { ...current.spec, min: 3 } });
    expect(definition.current.version).toBe(2);
    const bad = await rejection(saveDefinitionVersion(db, "non_event", admin, "confirmations-stalled", { baseVersion: 2, spec: { ...current.spec, min: 5, max: 2 } }));
    expect(bad.status).toBe(400);
    expect(await db.auditLog.count({ where: { action: "non_event_definition.updated" } })).toBe(1);
  });

  it("keeps one calendar per plant with revisions, 409 on a stale edit, audited", async () => {
    const calendar = { timeZone: "Europe/Berlin", weekly: [{ day: 1, start: "08:00", end: "17:00" }], holidays: ["2026-12-25"] };
    const first = await saveCalendar(db, admin, "P100", { calendar });
    expect(first.calendar).toMatchObject({ revision: 1, updatedBy: admin.email, calendar: { plant: "P100", timeZone: "Europe/Berlin" } });
    expect((await rejection(saveCalendar(db, admin, "P100", { calendar }))).status).toBe(409);
    const second = await saveCalendar(db, admin, "P100", { baseRevision: 1, calendar: { ...calendar, holidays: ["2026-12-26", "2026-12-25"] } });
    expect(second.calendar.revision).toBe(2);
    expect(second.calendar.calendar.holidays).toEqual(["2026-12-25", "2026-12-26"]);
    expect((await rejection(saveCalendar(db, admin, "P100", { baseRevision: 1, calendar }))).status).toBe(409);
    const bad = await rejection(saveCalendar(db, admin, "P100", { baseRevision: 2, calendar: { ...calendar, weekly: [{ day: 1, start: "22:00", end: "06:00" }] } }));
    expect(bad.extensions.issues).toEqual([expect.objectContaining({ field: "calendar.weekly.0" })]);
    expect((await rejection(saveCalendar(db, admin, "P100", { baseRevision: 2, calendar: { ...calendar, plant: "P200" } }))).status).toBe(400);

    const audits = await db.auditLog.findMany({ where: { action: "business_calendar.updated", entityId: "P100" }, orderBy: { at: "asc" } });
    expect(audits).toHaveLength(2);
    expect(audits[0]!.before).toBeNull();
    expect(audits[1]!.before).toMatchObject({ holidays: ["2026-12-25"] });
    expect(audits[1]!.after).toMatchObject({ holidays: ["2026-12-25", "2026-12-26"] });
    expect((await getCalendar(db, "P100"))?.revision).toBe(2);
    expect((await loadEngineDefinitions(db)).calendars).toEqual([second.calendar.calendar]);
  });
});
