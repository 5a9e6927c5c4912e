import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { emit } from "../audit/emit";
import type { Db } from "../db/client";
import type { ReplayTarget } from "../generated/prisma/client";
import { conflict, notFound } from "../http/errors";
import { parseOr400 } from "../workflows/definition-body";
import type { TargetSummary } from "./plan";

const headerName = z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "a header name: letters, digits and -");
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]{0,100}$/, "an environment variable name (A-Z, 0-9, _)");

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
      authSecret: z.string().min(1).max(4096).nullish(),
      headers: z.record(headerName, z.string().max(1000)).default({}),
    })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal("kafka"),
      // Absent: each message goes back to the topic it came from.
      topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, "a Kafka topic name").nullish(),
      keyTemplate: z.string().max(500).nullish(),
      headers: z.record(headerName, z.string().max(1000)).default({}),
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
  headers: Record<string, string>;
  topic: string | null;
  keyTemplate: string | null;
  ratePerSecond: number;
  updatedAt: string;
}

export function viewTarget(t: ReplayTarget): ReplayTargetView {
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
    headers: (t.headers ?? {}) as Record<string, string>,
    topic: t.topic,
    keyTemplate: t.keyTemplate,
    ratePerSecond: t.ratePerSecond,
    updatedAt: t.updatedAt.toISOString(),
  };
}

export function targetSummary(t: ReplayTarget): TargetSummary {
  return { interface: t.interface, kind: t.kind === "kafka" ? "kafka" : "http", destination: t.kind === "kafka" ? (t.topic ? `kafka topic ${t.topic}` : "kafka, the topic each message came from") : `${t.method} ${t.url ?? ""}` };
}

export async function listTargets(db: Db): Promise<ReplayTargetView[]> {
  return (await db.replayTarget.findMany({ orderBy: { interface: "asc" } })).map(viewTarget);
}

export async function enabledTargets(db: Db): Promise<Map<string, ReplayTarget>> {
  return new Map((await db.replayTarget.findMany({ where: { enabled: true } })).map((t) => [t.interface, t]));
}

function columns(input: ReplayTargetInput) {
  return input.kind === "http"
    ? { interface: input.interface, kind: "http", enabled: input.enabled, ratePerSecond: input.ratePerSecond, url: input.url, method: input.method, authHeader: input.authHeader ?? null, authSecretEnv: input.authSecretEnv ?? null, headers: input.headers, topic: null, keyTemplate: null }
    : { interface: input.interface, kind: "kafka", enabled: input.enabled, ratePerSecond: input.ratePerSecond, url: null, method: "POST", authHeader: null, authSecretEnv: null, authSecret: null, headers: input.headers, topic: input.topic ?? null, keyTemplate: input.keyTemplate ?? null };
}

export async function createTarget(db: Db, actor: Actor, body: unknown): Promise<ReplayTargetView> {
  const input = parseOr400(replayTargetInputSchema, body, "the replay target");
  if (await db.replayTarget.findUnique({ where: { interface: input.interface } })) throw conflict(`a replay target for ${input.interface} exists already`);
  return db.$transaction(async (tx) => {
    const created = await tx.replayTarget.create({ data: { ...columns(input), ...(input.kind === "http" && input.authSecret ? { authSecret: input.authSecret } : {}) } });
    await emit(tx, actor, { action: "replay_target.created", entity: { type: "replay_target", id: created.id }, after: { ...viewTarget(created), updatedAt: undefined } });
    return viewTarget(created);
  });
}

export async function updateTarget(db: Db, actor: Actor, id: string, body: unknown): Promise<ReplayTargetView> {
  const input = parseOr400(replayTargetInputSchema, body, "the replay target");
  return db.$transaction(async (tx) => {
    const before = await tx.replayTarget.findUnique({ where: { id } });
    if (!before) throw notFound(`no replay target ${id}`);
    const secret = input.kind === "http" && input.authSecret !== undefined ? { authSecret: input.authSecret } : {};
    const after = await tx.replayTarget.update({ where: { id }, data: { ...columns(input), ...secret } });
    const audited = (t: ReplayTarget) => ({ ...viewTarget(t), updatedAt: undefined, secretChanged: undefined });
    await emit(tx, actor, {
      action: "replay_target.updated",
      entity: { type: "replay_target", id },
      before: audited(before),
      after: { ...audited(after), ...(before.authSecret !== after.authSecret ? { storedSecretChanged: true } : {}) },
    });
    return viewTarget(after);
  });
}

export async function deleteTarget(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.replayTarget.findUnique({ where: { id } });
    if (!before) throw notFound(`no replay target ${id}`);
    await tx.replayTarget.delete({ where: { id } });
    await emit(tx, actor, { action: "replay_target.deleted", entity: { type: "replay_target", id }, before: { ...viewTarget(before), updatedAt: undefined } });
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
