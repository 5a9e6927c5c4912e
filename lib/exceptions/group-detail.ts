import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import { badRequest, notFound } from "../http/errors";
import { groupImpact } from "./group-priority";
import type { Impact } from "./impact";
import { groupView, type GroupView } from "./group-view";
import { hourlyTrends, userNames } from "./inbox-query";

/** Replay takes at most this many message refs from one detail call; the bulk replay's filter covers more. */
const MESSAGE_REFS = 1_000;

export interface OccurrenceView {
  id: string;
  kind: string;
  plant: string;
  correlationId: string;
  messageId: string;
  lots: string[];
  orders: string[];
  error: string;
  status: string;
  occurredAt: string;
  closedAt: string | null;
  closedReason: string;
  evidence: string;
}

export interface GroupDetail {
  group: GroupView;
  trend: number[];
  occurrences: { items: OccurrenceView[]; nextCursor: string | null };
  keys: { lots: string[]; orders: string[]; plants: string[]; systems: string[] };
  /** Open failed messages of the group, for a replay. */
  messageRefs: { correlationId: string; messageId: string }[];
  impact: Impact;
  /** The quality risk the inbox ranks by, with the impact. */
  qualityRisk: string;
  comments: { id: string; authorName: string; body: string; createdAt: string }[];
  history: { at: string; actor: string; action: string; before: unknown; after: unknown }[];
}

type RecordRow = Prisma.ExceptionRecordGetPayload<object>;

export const occurrenceView = (r: RecordRow): OccurrenceView => ({
  id: r.id,
  kind: r.kind,
  plant: r.plant,
  correlationId: r.correlationId,
  messageId: r.messageId,
  lots: r.lots,
  orders: r.orders,
  error: r.error,
  status: r.status,
  occurredAt: r.occurredAt.toISOString(),
  closedAt: r.closedAt?.toISOString() ?? null,
  closedReason: r.closedReason,
  evidence: r.evidence,
});

/** The group if the actor may see it; a group outside a plant manager's plants does not exist for them. */
export async function visibleGroup(db: Db, actor: Actor, id: string) {
  if (!/^[0-9a-f]{16}$/.test(id)) throw notFound(`no exception group ${id.slice(0, 40)}`);
  const g = await db.exceptionGroup.findUnique({ where: { id } });
  if (!g || (actor.plants !== null && !g.plants.some((p) => actor.plants!.includes(p)))) throw notFound(`no exception group ${id}`);
  return g;
}

const recordScope = (actor: Actor): Prisma.ExceptionRecordWhereInput => (actor.plants === null ? {} : { plant: { in: actor.plants } });

function decodeOccurrenceCursor(raw: string): { at: Date; id: string } {
  const [ms, ...rest] = Buffer.from(raw, "base64url").toString().split("|");
  const at = new Date(Number(ms));
  if (Number.isNaN(at.getTime()) || rest.length === 0) throw badRequest("the cursor is not one this API handed out");
  return { at, id: rest.join("|") };
}

export async function occurrencesPage(db: Db, actor: Actor, groupId: string, page: { cursor?: string; limit: number; status?: "open" | "closed" }) {
  const and: Prisma.ExceptionRecordWhereInput[] = [{ groupId }, recordScope(actor)];
  if (page.status) and.push({ status: page.status });
  if (page.cursor) {
    const c = decodeOccurrenceCursor(page.cursor);
    and.push({ OR: [{ occurredAt: { lt: c.at } }, { occurredAt: c.at, id: { lt: c.id } }] });
  }
  const rows = await db.exceptionRecord.findMany({ where: { AND: and }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], take: page.limit + 1 });
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items: items.map(occurrenceView), nextCursor: rows.length > page.limit && last ? Buffer.from(`${last.occurredAt.getTime()}|${last.id}`).toString("base64url") : null };
}

/** Everything the group page shows: the group, its trend, a page of occurrences, keys, refs for replay, comments and history. */
export async function groupDetail(db: Db, ch: ClickHouseClient, actor: Actor, id: string, page: { cursor?: string; limit: number; status?: "open" | "closed" }, now = new Date()): Promise<GroupDetail> {
  const g = await visibleGroup(db, actor, id);
  const scoped = actor.plants !== null;
  const [trends, names, occurrences, refs, comments, audit, scopedKeys] = await Promise.all([
    hourlyTrends(db, [id], actor.plants, now),
    userNames(db, [g.assigneeUserId]),
    occurrencesPage(db, actor, id, page),
    db.exceptionRecord.findMany({ where: { groupId: id, status: "open", kind: "integration", messageId: { not: "" }, ...recordScope(actor) }, select: { correlationId: true, messageId: true }, orderBy: { occurredAt: "desc" }, take: MESSAGE_REFS }),
    db.exceptionComment.findMany({ where: { groupId: id }, orderBy: { createdAt: "asc" } }),
    db.auditLog.findMany({ where: { entityType: "exception_group", entityId: id }, orderBy: { at: "desc" }, take: 100 }),
    // A scoped actor's keys come from their plants' exceptions, not the group's cross-plant sample.
    scoped ? db.exceptionRecord.findMany({ where: { groupId: id, ...recordScope(actor) }, select: { lots: true, orders: true }, take: 500 }) : Promise.resolve(null),
  ]);
  const keys = scopedKeys
    ? { lots: [...new Set(scopedKeys.flatMap((r) => r.lots))], orders: [...new Set(scopedKeys.flatMap((r) => r.orders))] }
    : { lots: g.lots, orders: g.orders };
  const view = groupView(g, actor.plants, names);
  return {
    group: view,
    trend: trends.get(id) ?? [],
    occurrences,
    keys: { ...keys, plants: view.plants, systems: g.systems },
    messageRefs: refs,
    impact: await groupImpact(ch, db, g, keys, scoped),
    qualityRisk: g.qualityRisk,
    comments: comments.map((c) => ({ id: c.id, authorName: c.authorName, body: c.body, createdAt: c.createdAt.toISOString() })),
    history: audit.map((a) => ({ at: a.at.toISOString(), actor: a.actorLabel, action: a.action, before: a.before, after: a.after })),
  };
}
