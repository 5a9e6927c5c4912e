import "server-only";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { badRequest } from "../http/errors";
import { groupView, type GroupView } from "./group-view";
import type { InboxFilter } from "./inbox-filter";
import { OPEN_STATES } from "./lifecycle";

export const TREND_HOURS = 24;
const HOUR_MS = 3_600_000;

export interface InboxPage {
  items: (GroupView & { trend: number[] })[];
  /** Every group the filter matches, for "select all N matching". */
  total: number;
  nextCursor: string | null;
}

const SORT_FIELD = { priority: "priority", lastSeen: "lastSeen", firstSeen: "firstSeen", count: "count" } as const;
const NUMERIC_SORT = new Set<string>(["priority", "count"]);

interface CursorValue {
  v: string | number;
  id: string;
}

const encodeCursor = (c: CursorValue) => Buffer.from(JSON.stringify(c)).toString("base64url");

function decodeCursor(raw: string): CursorValue {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString()) as Partial<CursorValue>;
    if ((typeof c.v === "string" || typeof c.v === "number") && typeof c.id === "string") return { v: c.v, id: c.id };
  } catch {
    // A cursor that does not parse is the client's error, reported below.
  }
  throw badRequest("the cursor is not one this API handed out");
}

/** The where clause of a filter for an actor: plant managers see groups touching their plants only. */
export function groupWhere(filter: InboxFilter, actor: Actor): Prisma.ExceptionGroupWhereInput {
  const and: Prisma.ExceptionGroupWhereInput[] = [];
  if (actor.plants !== null) and.push({ plants: { hasSome: actor.plants } });
  if (filter.plant) and.push({ plants: { has: filter.plant } });
  if (filter.system) and.push({ systems: { has: filter.system } });
  if (filter.integration) and.push({ interface: filter.integration });
  if (filter.workflow) and.push({ workflow: filter.workflow });
  if (filter.kind) and.push({ kind: filter.kind });
  if (filter.state === "open") and.push({ state: { in: [...OPEN_STATES] } });
  else if (filter.state !== "all") and.push({ state: filter.state });
  if (filter.assignee === "me") and.push({ assigneeUserId: actor.id });
  else if (filter.assignee === "none") and.push({ assigneeUserId: null, assigneeTeam: null });
  else if (filter.assignee?.startsWith("team:")) and.push({ assigneeTeam: filter.assignee.slice(5) });
  else if (filter.assignee) and.push({ assigneeUserId: filter.assignee });
  if (filter.from) and.push({ lastSeen: { gte: filter.from } });
  if (filter.to) and.push({ lastSeen: { lte: filter.to } });
  if (filter.q) {
    const q = filter.q;
    and.push({ OR: [{ signature: { contains: q, mode: "insensitive" } }, { lastError: { contains: q, mode: "insensitive" } }, { lots: { has: q } }, { orders: { has: q } }, { id: q }] });
  }
  return { AND: and };
}

/** Occurrences per hour over the last TREND_HOURS for these groups, oldest hour first. */
export async function hourlyTrends(db: Db, groupIds: string[], plants: readonly string[] | null, now: Date): Promise<Map<string, number[]>> {
  const out = new Map(groupIds.map((id) => [id, Array<number>(TREND_HOURS).fill(0)]));
  if (groupIds.length === 0) return out;
  const first = Math.floor(now.getTime() / HOUR_MS) - TREND_HOURS + 1;
  const rows = await db.exceptionHourly.findMany({
    where: { groupId: { in: groupIds }, hour: { gte: new Date(first * HOUR_MS) }, ...(plants === null ? {} : { plant: { in: [...plants] } }) },
    select: { groupId: true, hour: true, n: true },
  });
  for (const r of rows) {
    const i = Math.floor(r.hour.getTime() / HOUR_MS) - first;
    const trend = out.get(r.groupId);
    if (trend && i >= 0 && i < TREND_HOURS) trend[i]! += r.n;
  }
  return out;
}

export async function userNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((u) => [u.id, u.name ?? u.email]));
}

/** One page of the inbox: groups the filter matches, newest (or most frequent) first, with their trend. */
export async function listGroups(db: Db, actor: Actor, filter: InboxFilter, page: { cursor?: string; limit: number }, now = new Date()): Promise<InboxPage> {
  const field = SORT_FIELD[filter.sort];
  const where = groupWhere(filter, actor);
  const paged: Prisma.ExceptionGroupWhereInput[] = [where];
  if (page.cursor) {
    const c = decodeCursor(page.cursor);
    const numeric = NUMERIC_SORT.has(field);
    const v = numeric ? Number(c.v) : new Date(String(c.v));
    if (numeric ? !Number.isFinite(v) : Number.isNaN((v as Date).getTime())) throw badRequest("the cursor is not one this API handed out");
    paged.push({ OR: [{ [field]: { lt: v } }, { [field]: v, id: { lt: c.id } }] });
  }
  const [rows, total] = await Promise.all([
    db.exceptionGroup.findMany({ where: { AND: paged }, orderBy: [{ [field]: "desc" }, { id: "desc" }], take: page.limit + 1 }),
    db.exceptionGroup.count({ where }),
  ]);
  const pageRows = rows.slice(0, page.limit);
  const [trends, names] = await Promise.all([hourlyTrends(db, pageRows.map((g) => g.id), actor.plants, now), userNames(db, pageRows.map((g) => g.assigneeUserId))]);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map((g) => ({ ...groupView(g, actor.plants, names), trend: trends.get(g.id) ?? [] })),
    total,
    nextCursor: rows.length > page.limit && last ? encodeCursor({ v: field === "count" || field === "priority" ? last[field] : last[field].toISOString(), id: last.id }) : null,
  };
}
