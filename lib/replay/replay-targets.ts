import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { emit } from "../audit/emit";
import type { Db } from "../db/client";
import type { ReplayTarget } from "../generated/prisma/client";
import { badRequest, conflict, notFound } from "../http/errors";
import { parseOr400 } from "../workflows/definition-body";
import type { TargetSummary } from "./plan";

const headerName = z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "a header name: letters, digits and -");
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]{0,100}$/, "an environment variable name (A-Z, 0-9, _)");
const headers = z.record(headerName, z.string().max(1000), { error: (issue) => (issue.code === "invalid_key" ? "a header name: letters, digits and -" : undefined) }).default({});

const common = {
  interface: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  ratePerSecond: z.number().positive().max(10_000).default(50),
};

export const replayTargetInputSchema = z.discriminatedUnion("kind", [
  z
    .object({
      ...common,
      kind: z.literal("http"),
      url: z.string().refine((v) => URL.canParse(v) && ["http:", "https:"].includes(new URL(v).protocol), "must be an http:// or https:// URL"),
      method: z.enum(["POST", "PUT", "PATCH"]).default("POST"),
      authHeader: headerName.nullish(),
      authSecretEnv: envName.nullish(),
      // Write-only: stored, never returned; omit on update to keep the stored one, null to clear it.
      authSecret: z.string().min(1, "enter the secret, or choose another source").max(4096).nullish(),
      headers,
    })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal("kafka"),
      // Absent: each message goes back to the topic it came from.
      topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, "a Kafka topic name").nullish(),
      keyTemplate: z.string().max(500).nullish(),
      headers,
    })
    .strict(),
]);
export type ReplayTargetInput = z.infer<typeof replayTargetInputSchema>;

/** A target as the API shows it: the stored secret only as whether there is one. */
export interface ReplayTargetView {
  id: string;
  interface: string;
  kind: "http" | "kafka";
  enabled: boolean;
  url: string | null;
  method: string;
  authHeader: string | null;
  authSecretEnv: string | null;
  hasStoredSecret: boolean;
  /** Whether the server's environment has `authSecretEnv` (its value is never shown); null without one. */
  authSecretEnvSet: boolean | null;
  headers: Record<string, string>;
  topic: string | null;
  keyTemplate: string | null;
  ratePerSecond: number;
  updatedAt: string;
  /** Who made the last audited change; null for a target seeded at start. */
  changedBy: string | null;
}

export function viewTarget(t: ReplayTarget, changedBy: string | null = null, env: Readonly<Record<string, string | undefined>> = process.env): ReplayTargetView {
  return {
    id: t.id,
    interface: t.interface,
    kind: t.kind === "kafka" ? "kafka" : "http",
    enabled: t.enabled,
    url: t.url,
    method: t.method,
    authHeader: t.authHeader,
    authSecretEnv: t.authSecretEnv,
    hasStoredSecret: t.authSecret !== null,
    authSecretEnvSet: t.authSecretEnv ? Boolean(env[t.authSecretEnv]) : null,
    headers: (t.headers ?? {}) as Record<string, string>,
    topic: t.topic,
    keyTemplate: t.keyTemplate,
    ratePerSecond: t.ratePerSecond,
    updatedAt: t.updatedAt.toISOString(),
    changedBy,
  };
}

/** What the audit trail keeps of a target: its settings, not when or whether the server has the env var. */
function audited(t: ReplayTarget) {
  const { updatedAt: _updatedAt, changedBy: _changedBy, authSecretEnvSet: _envSet, ...settings } = viewTarget(t);
  return settings;
}

export function targetSummary(t: ReplayTarget): TargetSummary {
  return { interface: t.interface, kind: t.kind === "kafka" ? "kafka" : "http", destination: t.kind === "kafka" ? (t.topic ? `kafka topic ${t.topic}` : "kafka, the topic each message came from") : `${t.method} ${t.url ?? ""}` };
}

export async function listTargets(db: Db): Promise<ReplayTargetView[]> {
  const targets = await db.replayTarget.findMany({ orderBy: { interface: "asc" } });
  const changes = await db.auditLog.findMany({
    where: { entityType: "replay_target", entityId: { in: targets.map((t) => t.id) } },
    orderBy: { seq: "desc" },
    distinct: ["entityId"],
    select: { entityId: true, actorLabel: true },
  });
  const by = new Map(changes.map((c) => [c.entityId, c.actorLabel]));
  return targets.map((t) => viewTarget(t, by.get(t.id) ?? null));
}

/** Open failed messages per interface, from the exception inbox's groups: where a missing or disabled target would make replays skip. */
export async function openFailuresByInterface(db: Db): Promise<Record<string, number>> {
  const rows = await db.exceptionGroup.groupBy({ by: ["interface"], where: { kind: "integration", interface: { not: "" }, openCount: { gt: 0 } }, _sum: { openCount: true } });
  return Object.fromEntries(rows.map((r) => [r.interface, r._sum.openCount ?? 0]));
}

export async function enabledTargets(db: Db): Promise<Map<string, ReplayTarget>> {
  return new Map((await db.replayTarget.findMany({ where: { enabled: true } })).map((t) => [t.interface, t]));
}

function columns(input: ReplayTargetInput) {
  return input.kind === "http"
    ? { interface: input.interface, kind: "http", enabled: input.enabled, ratePerSecond: input.ratePerSecond, url: input.url, method: input.method, authHeader: input.authHeader ?? null, authSecretEnv: input.authSecretEnv ?? null, headers: input.headers, topic: null, keyTemplate: null }
    : { interface: input.interface, kind: "kafka", enabled: input.enabled, ratePerSecond: input.ratePerSecond, url: null, method: "POST", authHeader: null, authSecretEnv: null, authSecret: null, headers: input.headers, topic: input.topic ?? null, keyTemplate: input.keyTemplate ?? null };
}

const fieldIssue = (field: string, message: string) => ({ issues: [{ path: [field], field, message }] });

function interfaceTaken(name: string) {
  return conflict(`a replay target for ${name} exists already`, fieldIssue("interface", `${name} has a replay target already: edit that one`));
}

/**
 * An auth header without a secret would pause every replay of the target ("secret not set"), and
 * a secret without a header is never sent: both are refused at the field that is missing.
 */
function checkAuth(input: ReplayTargetInput, storedSecret: string | null) {
  if (input.kind !== "http") return;
  const secret = input.authSecret === undefined ? storedSecret : input.authSecret;
  const hasSecret = Boolean(input.authSecretEnv) || Boolean(secret);
  if (input.authHeader && !hasSecret) throw badRequest("the auth header needs a secret", fieldIssue("authSecret", "name an environment variable or store a secret for the auth header"));
  if (!input.authHeader && hasSecret) throw badRequest("the secret needs an auth header", fieldIssue("authHeader", "name the header the secret is sent in"));
}

export async function createTarget(db: Db, actor: Actor, body: unknown): Promise<ReplayTargetView> {
  const input = parseOr400(replayTargetInputSchema, body, "the replay target");
  checkAuth(input, null);
  if (await db.replayTarget.findUnique({ where: { interface: input.interface } })) throw interfaceTaken(input.interface);
  return db.$transaction(async (tx) => {
    const created = await tx.replayTarget.create({ data: { ...columns(input), ...(input.kind === "http" && input.authSecret ? { authSecret: input.authSecret } : {}) } });
    await emit(tx, actor, { action: "replay_target.created", entity: { type: "replay_target", id: created.id }, after: audited(created) });
    return viewTarget(created, actor.email);
  });
}

const updateMetaSchema = z.object({ baseUpdatedAt: z.iso.datetime().optional() });

/**
 * Replaces a target's settings. With `baseUpdatedAt` (the `updatedAt` the editor loaded) a
 * target changed meanwhile is a 409 naming who changed it, instead of a silent overwrite.
 */
export async function updateTarget(db: Db, actor: Actor, id: string, body: unknown): Promise<ReplayTargetView> {
  const record = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const { baseUpdatedAt, ...settings } = record ?? {};
  const meta = parseOr400(updateMetaSchema, { baseUpdatedAt }, "the replay target");
  const input = parseOr400(replayTargetInputSchema, record ? settings : body, "the replay target");
  return db.$transaction(async (tx) => {
    const before = await tx.replayTarget.findUnique({ where: { id } });
    if (!before) throw notFound(`no replay target ${id}`);
    if (meta.baseUpdatedAt && Date.parse(meta.baseUpdatedAt) !== before.updatedAt.getTime()) {
      const last = await tx.auditLog.findFirst({ where: { entityType: "replay_target", entityId: id }, orderBy: { seq: "desc" }, select: { actorLabel: true } });
      throw conflict(`the target for ${before.interface} was changed${last ? ` by ${last.actorLabel}` : ""} since you opened it; reload to see the change`, { current: viewTarget(before, last?.actorLabel ?? null) });
    }
    if (input.interface !== before.interface && (await tx.replayTarget.findUnique({ where: { interface: input.interface } }))) throw interfaceTaken(input.interface);
    checkAuth(input, before.authSecret);
    const secret = input.kind === "http" && input.authSecret !== undefined ? { authSecret: input.authSecret } : {};
    const after = await tx.replayTarget.update({ where: { id }, data: { ...columns(input), ...secret } });
    await emit(tx, actor, {
      action: "replay_target.updated",
      entity: { type: "replay_target", id },
      before: audited(before),
      after: { ...audited(after), ...(before.authSecret !== after.authSecret ? { storedSecretChanged: true } : {}) },
    });
    return viewTarget(after, actor.email);
  });
}

export async function deleteTarget(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.replayTarget.findUnique({ where: { id } });
    if (!before) throw notFound(`no replay target ${id}`);
    await tx.replayTarget.delete({ where: { id } });
    await emit(tx, actor, { action: "replay_target.deleted", entity: { type: "replay_target", id }, before: audited(before) });
  });
}

/** One HTTP target per simulator interface, pointing at its replay API, when none exist (embedded demo). */
export async function ensureSimulatorTargets(db: Db, baseUrl: string, interfaces: readonly string[], log: (m: string) => void): Promise<void> {
  if ((await db.replayTarget.count()) > 0) return;
  await db.replayTarget.createMany({
    data: interfaces.map((name) => ({ interface: name, kind: "http", url: `${baseUrl}/replay`, method: "POST", headers: { "X-Correlation-Id": "{{correlationId}}" }, ratePerSecond: 50 })),
  });
  log(`replay: ${interfaces.length} replay targets for the simulator at ${baseUrl}`);
}
