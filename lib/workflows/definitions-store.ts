import "server-only";
import type { z } from "zod";
import { auditActor } from "../audit/audit-actor";
import { emit } from "../audit/emit";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { badRequest, conflict, notFound } from "../http/errors";
import { CreateDefinitionBodySchema, parseOr400, SaveDefinitionBodySchema, type FieldIssue } from "./definition-body";
import { DEFINITION_KINDS, type DefinitionKindName, type SpecOf } from "./definition-kinds";

/**
 * Versioned workflow and non-event definitions. A save never changes a stored version: it
 * appends the next one, effective from now, so instances already triggered keep the version they
 * started under. Every change is audited in the transaction that makes it.
 */

export interface DefinitionVersionView<Spec> {
  version: number;
  enabled: boolean;
  effectiveFrom: string;
  createdAt: string;
  createdBy: string;
  spec: Spec;
}

export interface DefinitionSummary<Spec> {
  kind: DefinitionKindName;
  key: string;
  versionCount: number;
  current: DefinitionVersionView<Spec>;
}

export interface DefinitionDetail<Spec> extends DefinitionSummary<Spec> {
  /** Newest first. */
  versions: DefinitionVersionView<Spec>[];
}

function specSchema<K extends DefinitionKindName>(kind: K): z.ZodType<SpecOf<K>> {
  return DEFINITION_KINDS[kind].schema as unknown as z.ZodType<SpecOf<K>>;
}

type VersionRow = Prisma.DefinitionVersionRecordGetPayload<object>;

function versionView<K extends DefinitionKindName>(kind: K, row: VersionRow): DefinitionVersionView<SpecOf<K>> {
  return {
    version: row.version,
    enabled: row.enabled,
    effectiveFrom: row.effectiveFrom.toISOString(),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdByLabel,
    // Stored specs were validated on the way in; parsing again fills defaults a later schema added.
    spec: specSchema(kind).parse(row.spec),
  };
}

/** What an audit row keeps of a version. */
function auditState(v: { version: number; enabled: boolean; spec: unknown }): Prisma.InputJsonValue {
  return { version: v.version, enabled: v.enabled, spec: v.spec as Prisma.InputJsonValue };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function listDefinitions<K extends DefinitionKindName>(db: Db, kind: K): Promise<DefinitionSummary<SpecOf<K>>[]> {
  const rows = await db.definition.findMany({
    where: { kind },
    orderBy: { key: "asc" },
    include: { versions: { orderBy: { version: "desc" }, take: 1 }, _count: { select: { versions: true } } },
  });
  return rows.flatMap((row) => {
    const latest = row.versions[0];
    return latest ? [{ kind, key: row.key, versionCount: row._count.versions, current: versionView(kind, latest) }] : [];
  });
}

export async function getDefinition<K extends DefinitionKindName>(db: Db, kind: K, key: string): Promise<DefinitionDetail<SpecOf<K>> | null> {
  const row = await db.definition.findUnique({ where: { kind_key: { kind, key } }, include: { versions: { orderBy: { version: "desc" } } } });
  if (!row || row.versions.length === 0) return null;
  const versions = row.versions.map((v) => versionView(kind, v));
  return { kind, key: row.key, versionCount: versions.length, current: versions[0]!, versions };
}

/** A new definition as version 1; its key is the spec's. 409 when the key is taken. */
export async function createDefinition<K extends DefinitionKindName>(db: Db, kind: K, actor: Actor, body: unknown): Promise<DefinitionDetail<SpecOf<K>>> {
  const config = DEFINITION_KINDS[kind];
  const input = parseOr400(CreateDefinitionBodySchema, body, "the request");
  const spec = parseOr400(specSchema(kind), input.spec, `the ${config.noun} definition`, ["spec"]);
  const now = new Date();
  try {
    await db.$transaction(async (tx) => {
      const who = auditActor(actor, "system");
      await tx.definition.create({
        data: {
          kind,
          key: spec.key,
          versions: { create: { version: 1, spec: spec as Prisma.InputJsonValue, enabled: input.enabled, effectiveFrom: now, createdAt: now, createdById: who.actorId, createdByLabel: who.actorLabel } },
        },
      });
      await emit(tx, actor, { action: config.created, entity: { type: config.entityType, id: spec.key }, after: auditState({ version: 1, enabled: input.enabled, spec }), at: now });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`a ${config.noun} "${spec.key}" exists already; edit it instead`, { key: spec.key });
    throw error;
  }
  return (await getDefinition(db, kind, spec.key))!;
}

export interface SaveResult<Spec> {
  definition: DefinitionDetail<Spec>;
  /** False when the body equalled the current version: nothing was stored or audited. */
  changed: boolean;
}

/**
 * Saves an edit as the next version. The body names the version it was based on; if another
 * save came first the answer is a 409 naming the current version, so nobody overwrites an edit
 * they have not seen. The key cannot change (it is how instances and history refer to it).
 */
export async function saveDefinitionVersion<K extends DefinitionKindName>(db: Db, kind: K, actor: Actor, key: string, body: unknown): Promise<SaveResult<SpecOf<K>>> {
  const config = DEFINITION_KINDS[kind];
  const input = parseOr400(SaveDefinitionBodySchema, body, "the request");
  const spec = parseOr400(specSchema(kind), input.spec, `the ${config.noun} definition`, ["spec"]);
  if (spec.key !== key) {
    const message = `the key cannot change (it is "${key}"); create a new ${config.noun} instead`;
    throw badRequest(`the ${config.noun} definition is not valid: spec.key: ${message}`, { issues: [{ path: ["spec", "key"], field: "spec.key", message }] satisfies FieldIssue[] });
  }
  const stale = (current: number) =>
    conflict(`${config.noun} "${key}" is at version ${current}, you edited version ${input.baseVersion}; reload to see the changes`, { currentVersion: current, baseVersion: input.baseVersion });
  const changed = await db
    .$transaction(async (tx) => {
      const definition = await tx.definition.findUnique({ where: { kind_key: { kind, key } }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
      const latest = definition?.versions[0];
      if (!definition || !latest) throw notFound(`no ${config.noun} "${key}"`);
      if (latest.version !== input.baseVersion) throw stale(latest.version);
      const before = versionView(kind, latest);
      if (before.enabled === input.enabled && JSON.stringify(before.spec) === JSON.stringify(spec)) return false;
      const now = new Date();
      // Versions must take effect in order even if this server's clock is behind the last writer's.
      const effectiveFrom = new Date(Math.max(now.getTime(), latest.effectiveFrom.getTime() + 1));
      const who = auditActor(actor, "system");
      const version = latest.version + 1;
      // The unique (definition, version) pair turns a concurrent save of the same base into a P2002.
      await tx.definitionVersionRecord.create({
        data: { definitionId: definition.id, version, spec: spec as Prisma.InputJsonValue, enabled: input.enabled, effectiveFrom, createdAt: now, createdById: who.actorId, createdByLabel: who.actorLabel },
      });
      await emit(tx, actor, { action: config.updated, entity: { type: config.entityType, id: key }, before: auditState(before), after: auditState({ version, enabled: input.enabled, spec }), at: now });
      return true;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw stale(input.baseVersion + 1);
      throw error;
    });
  return { definition: (await getDefinition(db, kind, key))!, changed };
}

export interface DefinitionAuditEntry {
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
}

/** The audit trail of one definition, newest first (for readers with `audit:read`). */
export async function definitionAudit(db: Db, kind: DefinitionKindName, key: string): Promise<DefinitionAuditEntry[]> {
  const rows = await db.auditLog.findMany({ where: { entityType: DEFINITION_KINDS[kind].entityType, entityId: key }, orderBy: { at: "desc" }, take: 200 });
  return rows.map((r) => ({ at: r.at.toISOString(), actor: r.actorLabel, action: r.action, before: r.before, after: r.after }));
}
