import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { emit } from "../audit/emit";
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import { badRequest, conflict } from "../http/errors";
import { parseOr400 } from "../workflows/definition-body";
import { visibleGroup } from "./group-detail";
import { assigneeOf, type Assignee } from "./group-view";
import { InboxFilterSchema } from "./inbox-filter";
import { groupWhere, userNames } from "./inbox-query";
import { ActionSchema, applyAction, TransitionError, type Action, type GroupState, type Lifecycle } from "./lifecycle";
import { ownerOf } from "./ownership";

/** A person's action: a lifecycle action, or assign to whoever the ownership map names. */
export const TriageActionSchema = z.union([ActionSchema, z.object({ type: z.literal("assign_owner") })]);
export type TriageAction = z.infer<typeof TriageActionSchema>;

export const SingleActionBodySchema = z.object({ version: z.number().int().min(1), action: TriageActionSchema }).strict();

/** A bulk action: on a selection (each with the version the client saw) or on everything a filter matches. */
export const BulkActionBodySchema = z
  .object({
    action: TriageActionSchema,
    selection: z.array(z.object({ id: z.string().regex(/^[0-9a-f]{16}$/), version: z.number().int().min(1) })).min(1).max(1_000).optional(),
    filter: InboxFilterSchema.optional(),
  })
  .strict()
  .refine((b) => (b.selection === undefined) !== (b.filter === undefined), "send either a selection or a filter");

/** Groups one bulk action on a filter may touch; above it, narrow the filter. */
export const BULK_FILTER_LIMIT = 10_000;

type GroupRow = Prisma.ExceptionGroupGetPayload<object>;

const lifecycleOf = (g: GroupRow): Lifecycle => ({
  state: g.state as GroupState,
  assigneeUserId: g.assigneeUserId,
  assigneeTeam: g.assigneeTeam,
  snoozedUntil: g.snoozedUntil,
  snoozeUntilCount: g.snoozeUntilCount,
  resolvedAt: g.resolvedAt,
  resolution: g.resolution,
  ignoredReason: g.ignoredReason,
});

/** What a stale action's 409 says changed, and who changed it. */
export interface ChangedSince {
  version: number;
  state: string;
  assignee: Assignee;
  changedBy: string;
  changedAt: string;
}

async function resolveAction(db: Db, g: GroupRow, action: TriageAction): Promise<Action> {
  if (action.type === "assign_owner") {
    const team = await ownerOf(db, { systems: g.systems, interface: g.interface });
    if (!team) throw badRequest(`no team owns ${[g.interface, ...g.systems].filter(Boolean).join(", ") || "this group"}: add one to the ownership map`);
    return { type: "assign", team };
  }
  if (action.type === "assign" && action.userId) {
    const user = await db.user.findUnique({ where: { id: action.userId }, select: { disabled: true } });
    if (!user || user.disabled) throw badRequest(`no active user ${action.userId}`, { issues: [{ path: ["action", "userId"], field: "action.userId", message: "no such active user" }] });
  }
  return action;
}

const audited = (l: Lifecycle) => ({ state: l.state, assigneeUserId: l.assigneeUserId, assigneeTeam: l.assigneeTeam, snoozedUntil: l.snoozedUntil?.toISOString() ?? null, snoozeUntilCount: l.snoozeUntilCount, resolution: l.resolution, ignoredReason: l.ignoredReason });

type Outcome = { ok: true; group: GroupRow } | { ok: false; conflict: ChangedSince };

/** Applies one action to one group if it is still at `version`, audited in the same transaction. */
async function actOn(db: Db, actor: Actor, g: GroupRow, version: number, action: TriageAction, now: Date): Promise<Outcome> {
  const resolved = await resolveAction(db, g, action);
  return db.$transaction(async (tx) => {
    const current = await tx.exceptionGroup.findUniqueOrThrow({ where: { id: g.id } });
    if (current.version !== version) {
      const names = await userNames(db, [current.assigneeUserId]);
      return { ok: false, conflict: { version: current.version, state: current.state, assignee: assigneeOf(current, names), changedBy: current.changedBy, changedAt: current.changedAt.toISOString() } } as const;
    }
    let after: Lifecycle;
    try {
      after = applyAction(lifecycleOf(current), resolved, current.count, now);
    } catch (error) {
      if (error instanceof TransitionError) throw conflict(error.message, { state: current.state });
      throw error;
    }
    const updated = await tx.exceptionGroup.update({ where: { id: g.id }, data: { ...after, version: { increment: 1 }, changedBy: actor.name, changedAt: now } });
    await emit(tx, actor, { action: "exception_group.triaged", entity: { type: "exception_group", id: g.id }, before: { action: resolved.type, ...audited(lifecycleOf(current)) }, after: { action: resolved.type, ...audited(after) }, at: now });
    return { ok: true, group: updated } as const;
  });
}

const describeChange = (c: ChangedSince) =>
  `the group changed since you loaded it: it is ${c.state}${c.assignee ? `, assigned to ${c.assignee.kind === "user" ? c.assignee.name : `team ${c.assignee.team}`}` : ""}, changed by ${c.changedBy} at ${c.changedAt} (version ${c.version})`;

/** One action on one group; a stale version is a 409 whose body says what changed, by whom and when. */
export async function actOnGroup(db: Db, actor: Actor, id: string, body: unknown, now = new Date()): Promise<GroupRow> {
  const { version, action } = parseOr400(SingleActionBodySchema, body, "the action");
  const g = await visibleGroup(db, actor, id);
  const outcome = await actOn(db, actor, g, version, action, now);
  if (!outcome.ok) throw conflict(describeChange(outcome.conflict), { current: outcome.conflict });
  return outcome.group;
}

export interface BulkReport {
  matched: number;
  applied: number;
  conflicts: ({ id: string } & ChangedSince)[];
  /** Groups the action does not apply to in their state (e.g. acknowledge a resolved group). */
  skipped: { id: string; reason: string }[];
}

/** One action on a selection (version-checked each) or on everything a filter matches now. */
export async function actInBulk(db: Db, actor: Actor, body: unknown, now = new Date()): Promise<BulkReport> {
  const parsed = parseOr400(BulkActionBodySchema, body, "the bulk action");
  const targets: { group: GroupRow; version: number }[] = [];
  if (parsed.selection) {
    const rows = await db.exceptionGroup.findMany({ where: { AND: [{ id: { in: parsed.selection.map((s) => s.id) } }, groupWhere({ state: "all", sort: "lastSeen" }, actor)] } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const s of parsed.selection) {
      const g = byId.get(s.id);
      if (g) targets.push({ group: g, version: s.version });
    }
  } else {
    const where = groupWhere(parsed.filter!, actor);
    const matched = await db.exceptionGroup.count({ where });
    if (matched > BULK_FILTER_LIMIT) throw badRequest(`the filter matches ${matched} groups; a bulk action takes at most ${BULK_FILTER_LIMIT}: narrow it`);
    for (const g of await db.exceptionGroup.findMany({ where })) targets.push({ group: g, version: g.version });
  }
  const report: BulkReport = { matched: targets.length, applied: 0, conflicts: [], skipped: [] };
  for (const t of targets) {
    try {
      const outcome = await actOn(db, actor, t.group, t.version, parsed.action, now);
      if (outcome.ok) report.applied += 1;
      else report.conflicts.push({ id: t.group.id, ...outcome.conflict });
    } catch (error) {
      if (error instanceof Error && "status" in error && (error.status === 409 || error.status === 400)) report.skipped.push({ id: t.group.id, reason: error.message });
      else throw error;
    }
  }
  return report;
}

export const CommentBodySchema = z.object({ body: z.string().trim().min(1, "write something").max(5_000) }).strict();

export async function addComment(db: Db, actor: Actor, groupId: string, body: unknown) {
  const { body: text } = parseOr400(CommentBodySchema, body, "the comment");
  await visibleGroup(db, actor, groupId);
  return db.$transaction(async (tx) => {
    const comment = await tx.exceptionComment.create({ data: { groupId, authorId: actor.id, authorName: actor.name, body: text } });
    await emit(tx, actor, { action: "exception_comment.created", entity: { type: "exception_group", id: groupId }, after: { commentId: comment.id, body: text } });
    return { id: comment.id, authorName: comment.authorName, body: comment.body, createdAt: comment.createdAt.toISOString() };
  });
}
