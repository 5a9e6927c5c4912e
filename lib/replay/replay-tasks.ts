import "server-only";
import { createHash } from "node:crypto";
import type { ClickHouseClient } from "@clickhouse/client";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { canSeePlant } from "../auth/actor";
import { hasPermission } from "../auth/roles";
import { emit } from "../audit/emit";
import type { Db } from "../db/client";
import type { Prisma, ReplayTask } from "../generated/prisma/client";
import { badRequest, conflict, forbidden, HttpError, notFound } from "../http/errors";
import { parseOr400 } from "../workflows/definition-body";
import { latestDeliveries, messageKey } from "./message-lookup";
import { originalPayload } from "./original-payload";
import { describeChange, payloadChanges } from "./payload-diff";
import { planReplay, type ReplayPlan } from "./plan";
import { enabledTargets, targetSummary } from "./replay-targets";
import { resolveSelection } from "./resolve-selection";
import { describeSelection, replaySelectionSchema, type ReplaySelection } from "./selection";

export const TASK_STATUSES = ["awaiting_approval", "running", "completed", "cancelling", "cancelled", "failed"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const ITEM_STATUSES = ["pending", "sending", "succeeded", "failed", "skipped"] as const;

/** Derived from task and message, so every re-send of one item carries the same key and the target can drop duplicates. */
export function idempotencyKey(taskId: string, correlationId: string, messageId: string): string {
  return `lotline-replay-${createHash("sha256").update(`${taskId}\u0000${correlationId}\u0000${messageId}`).digest("hex").slice(0, 40)}`;
}

export const dryRunBodySchema = z.object({ selection: replaySelectionSchema }).strict();
export const createReplayBodySchema = z
  .object({
    selection: replaySelectionSchema,
    reason: z.string().trim().min(3, "say why (at least 3 characters)").max(2000),
    // An edited body for a single message; needs replay:edit.
    payload: z
      .unknown()
      .refine((v) => v !== null, "an edited payload cannot be null")
      .optional(),
  })
  .strict();

export interface DryRun extends Omit<ReplayPlan, "items"> {
  selection: string;
  truncated: boolean;
  needsApproval: boolean;
  approvalThreshold: number;
  /** The skipped messages (at most SKIPPED_SHOWN), each with why. */
  skippedMessages: { correlationId: string; messageId: string; interface: string; reason: string; detail: string }[];
}

const SKIPPED_SHOWN = 500;

async function replayedBefore(db: Db, keys: { correlationId: string; messageId: string }[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 5_000) {
    const chunk = keys.slice(i, i + 5_000);
    const rows = await db.replayItem.findMany({
      where: { status: "succeeded", correlationId: { in: [...new Set(chunk.map((k) => k.correlationId))] } },
      select: { correlationId: true, messageId: true },
    });
    for (const r of rows) out.add(messageKey(r.correlationId, r.messageId));
  }
  return out;
}

/** Resolves and plans a selection without changing anything: what a replay of it would send, and what it would skip and why. */
export async function planSelection(deps: { clickhouse: ClickHouseClient; db: Db }, actor: Actor, selection: ReplaySelection): Promise<{ plan: ReplayPlan; truncated: boolean }> {
  const resolved = await resolveSelection(deps.clickhouse, selection, actor);
  const candidates = resolved.pairs.map((p) => resolved.messages.get(messageKey(p.correlationId, p.messageId))).filter((m) => m !== undefined);
  // Per business key, the earliest hand-off among the candidates naming it: only deliveries after it can supersede.
  const since = new Map<string, string>();
  for (const m of candidates) {
    for (const key of [...m.lots.map((l) => `lot:${l}`), ...m.orders.map((o) => `order:${o}`)]) {
      const t = since.get(key);
      if (t === undefined || m.receivedAt < t) since.set(key, m.receivedAt);
    }
  }
  const [targets, deliveries, before] = await Promise.all([
    enabledTargets(deps.db),
    latestDeliveries(deps.clickhouse, since),
    replayedBefore(deps.db, resolved.pairs),
  ]);
  const plan = planReplay({
    pairs: resolved.pairs,
    messages: resolved.messages,
    targets: new Map([...targets].map(([k, t]) => [k, targetSummary(t)])),
    deliveries,
    replayedBefore: before,
    canSeePlant: (plant) => canSeePlant(actor, plant),
  });
  return { plan, truncated: resolved.truncated };
}

export async function dryRun(deps: { clickhouse: ClickHouseClient; db: Db }, actor: Actor, body: unknown, approvalThreshold: number): Promise<DryRun> {
  const { selection } = parseOr400(dryRunBodySchema, body, "the dry run");
  const { plan, truncated } = await planSelection(deps, actor, selection);
  const { items, ...summary } = plan;
  return {
    ...summary,
    selection: describeSelection(selection),
    truncated,
    needsApproval: plan.toSend > approvalThreshold,
    approvalThreshold,
    skippedMessages: items
      .filter((i) => i.skip)
      .slice(0, SKIPPED_SHOWN)
      .map((i) => ({ correlationId: i.correlationId, messageId: i.messageId, interface: i.interface, reason: i.skip!.reason, detail: i.skip!.detail })),
  };
}

export interface TaskView {
  id: string;
  status: TaskStatus;
  selection: ReplaySelection;
  description: string;
  reason: string;
  createdBy: string;
  createdById: string;
  approvedBy: string | null;
  total: number;
  sent: number;
  succeeded: number;
  failed: number;
  skipped: number;
  remaining: number;
  lastError: string | null;
  pausedUntil: string | null;
  createdAt: string;
  approvedAt: string | null;
  finishedAt: string | null;
}

export function viewTask(t: ReplayTask): TaskView {
  const selection = t.selection as unknown as ReplaySelection;
  return {
    id: t.id,
    status: t.status as TaskStatus,
    selection,
    description: describeSelection(selection),
    reason: t.reason,
    createdBy: t.createdBy,
    createdById: t.createdById,
    approvedBy: t.approvedBy,
    total: t.total,
    sent: t.sent,
    succeeded: t.succeeded,
    failed: t.failed,
    skipped: t.skipped,
    remaining: t.remaining,
    lastError: t.lastError,
    pausedUntil: t.pausedUntil?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    approvedAt: t.approvedAt?.toISOString() ?? null,
    finishedAt: t.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Creates a task from a selection: its items in send order (skipped ones recorded with why) and
 * its counts. Above the approval threshold it waits for a second user; otherwise the worker picks it up.
 */
export async function createReplayTask(deps: { clickhouse: ClickHouseClient; db: Db }, actor: Actor, body: unknown, approvalThreshold: number): Promise<TaskView> {
  const input = parseOr400(createReplayBodySchema, body, "the replay request");
  if (input.payload !== undefined) {
    if (!hasPermission(actor.role, "replay:edit")) throw forbidden(`Your role (${actor.role}) lacks the permission replay:edit (editing the payload before a replay)`);
    if (input.selection.kind !== "messages" || input.selection.messages.length !== 1) throw badRequest("an edited payload replays exactly one message");
  }
  const { plan } = await planSelection(deps, actor, input.selection);
  if (plan.toSend === 0) throw conflict("nothing to replay: every message of the selection is skipped", { skippedByReason: plan.skippedByReason });
  // The audit trail keeps what the edit replaced, read before the transaction (ClickHouse is not part of it).
  const original = input.payload === undefined ? undefined : await originalPayload(deps.clickhouse, actor, plan.items[0]!).catch((error: unknown) => {
    if (error instanceof HttpError && error.status === 404) return null;
    throw error;
  });
  const status: TaskStatus = plan.toSend > approvalThreshold ? "awaiting_approval" : "running";
  const createdBy = actor.name || actor.email;
  return deps.db.$transaction(
    async (tx) => {
      const task = await tx.replayTask.create({
        data: {
          status,
          selection: input.selection as unknown as Prisma.InputJsonValue,
          reason: input.reason,
          createdById: actor.id,
          createdBy,
          total: plan.items.length,
          skipped: plan.skipped,
          remaining: plan.toSend,
        },
      });
      const edited = input.payload === undefined ? undefined : (input.payload as Prisma.InputJsonValue);
      for (let i = 0; i < plan.items.length; i += 1_000) {
        await tx.replayItem.createMany({
          data: plan.items.slice(i, i + 1_000).map((item, j) => ({
            taskId: task.id,
            seq: i + j,
            correlationId: item.correlationId,
            messageId: item.messageId,
            interface: item.interface,
            plant: item.plant,
            idempotencyKey: idempotencyKey(task.id, item.correlationId, item.messageId),
            status: item.skip ? "skipped" : "pending",
            skipReason: item.skip?.reason ?? null,
            lastError: item.skip?.detail ?? null,
            ...(edited !== undefined && !item.skip ? { editedPayload: edited } : {}),
          })),
        });
      }
      await emit(tx, actor, {
        action: "replay.requested",
        entity: { type: "replay_task", id: task.id },
        after: { selection: describeSelection(input.selection), reason: input.reason, toSend: plan.toSend, skipped: plan.skipped, status, targets: plan.targets.map((t) => t.interface) },
      });
      if (edited !== undefined) {
        const item = plan.items[0]!;
        await emit(tx, actor, {
          action: "replay.payload_edited",
          entity: { type: "replay_task", id: task.id },
          before: { correlationId: item.correlationId, messageId: item.messageId, originalEventId: original?.original.id ?? null, payload: (original?.payload ?? null) as Prisma.InputJsonValue | null },
          after: { correlationId: item.correlationId, messageId: item.messageId, reason: input.reason, payload: edited, changes: payloadChanges(original?.payload ?? null, edited).map(describeChange) },
        });
      }
      return viewTask(task);
    },
    { timeout: 60_000 },
  );
}

/** A task the actor may see: plant managers only tasks whose every item is in their plants. */
async function visibleTask(db: Db, actor: Actor, id: string): Promise<ReplayTask> {
  const task = await db.replayTask.findUnique({ where: { id } });
  if (!task) throw notFound(`no replay task ${id}`);
  if (actor.plants !== null) {
    const outside = await db.replayItem.count({ where: { taskId: id, plant: { notIn: [...actor.plants, ""] } } });
    if (outside > 0) throw notFound(`no replay task ${id}`);
  }
  return task;
}

export const listTasksQuerySchema = z.object({ status: z.enum(TASK_STATUSES).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

export async function listTasks(db: Db, actor: Actor, query: z.infer<typeof listTasksQuerySchema>): Promise<TaskView[]> {
  const scoped: Prisma.ReplayTaskWhereInput = actor.plants === null ? {} : { items: { none: { plant: { notIn: [...actor.plants, ""] } } } };
  const tasks = await db.replayTask.findMany({ where: { ...(query.status ? { status: query.status } : {}), ...scoped }, orderBy: { createdAt: "desc" }, take: query.limit });
  return tasks.map(viewTask);
}

export const itemsQuerySchema = z.object({
  status: z.enum(ITEM_STATUSES).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export async function getTask(db: Db, actor: Actor, id: string, query: z.infer<typeof itemsQuerySchema>) {
  const task = await visibleTask(db, actor, id);
  const where = { taskId: id, ...(query.status ? { status: query.status } : {}) };
  const [items, matching] = await Promise.all([
    db.replayItem.findMany({ where, orderBy: { seq: "asc" }, skip: query.offset, take: query.limit }),
    db.replayItem.count({ where }),
  ]);
  return {
    task: viewTask(task),
    items: items.map((i) => ({
      seq: i.seq,
      correlationId: i.correlationId,
      messageId: i.messageId,
      interface: i.interface,
      plant: i.plant,
      status: i.status,
      skipReason: i.skipReason,
      attempts: i.attempts,
      lastError: i.lastError,
      sentAt: i.sentAt?.toISOString() ?? null,
      edited: i.editedPayload !== null,
    })),
    page: { offset: query.offset, limit: query.limit, total: matching },
  };
}

const cancelBodySchema = z.object({ reason: z.string().trim().min(3).max(2000) }).strict();
const approveBodySchema = z.object({ reason: z.string().trim().max(2000).default("") }).strict();

/** Asks the worker to stop; a task not yet started (awaiting approval) is cancelled at once. */
export async function cancelTask(db: Db, actor: Actor, id: string, body: unknown): Promise<TaskView> {
  const { reason } = parseOr400(cancelBodySchema, body, "the cancel request");
  await visibleTask(db, actor, id);
  return db.$transaction(async (tx) => {
    const before = await tx.replayTask.findUniqueOrThrow({ where: { id } });
    if (!["running", "awaiting_approval"].includes(before.status)) throw conflict(`the task is ${before.status}; only a running or waiting task can be cancelled`, { status: before.status });
    let after: ReplayTask;
    if (before.status === "awaiting_approval") {
      const left = await tx.replayItem.updateMany({ where: { taskId: id, status: "pending" }, data: { status: "skipped", skipReason: "cancelled", lastError: reason } });
      after = await tx.replayTask.update({ where: { id }, data: { status: "cancelled", skipped: { increment: left.count }, remaining: 0, finishedAt: new Date() } });
    } else {
      after = await tx.replayTask.update({ where: { id }, data: { status: "cancelling" } });
    }
    await emit(tx, actor, { action: "replay.cancelled", entity: { type: "replay_task", id }, before: { status: before.status, remaining: before.remaining }, after: { status: after.status, reason } });
    return viewTask(after);
  });
}

/** The second pair of eyes: another user with `replay` lets a waiting bulk replay run. */
export async function approveTask(db: Db, actor: Actor, id: string, body: unknown): Promise<TaskView> {
  const { reason } = parseOr400(approveBodySchema, body, "the approval");
  await visibleTask(db, actor, id);
  return db.$transaction(async (tx) => {
    const before = await tx.replayTask.findUniqueOrThrow({ where: { id } });
    if (before.status !== "awaiting_approval") throw conflict(`the task is ${before.status}; only a task awaiting approval can be approved`, { status: before.status });
    if (before.createdById === actor.id) throw forbidden("a bulk replay needs a second person: you requested this one");
    const after = await tx.replayTask.update({ where: { id }, data: { status: "running", approvedById: actor.id, approvedBy: actor.name || actor.email, approvedAt: new Date() } });
    await emit(tx, actor, { action: "replay.approved", entity: { type: "replay_task", id }, before: { status: before.status }, after: { status: after.status, approvedBy: after.approvedBy, reason, requestedBy: before.createdBy, messages: before.remaining } });
    return viewTask(after);
  });
}
