import "server-only";
import type { Db } from "../db/client";
import { notFound } from "../http/errors";

/** One audit record about a user, as the users page's history shows it. Records never hold a password, hash or link. */
export interface UserHistoryEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
}

const HISTORY_LIMIT = 200;

/** The newest audit records whose entity is the user (creation, edits, disable, resets, SSO links), newest first. */
export async function listUserHistory(db: Db, id: string): Promise<UserHistoryEntry[]> {
  if (!(await db.user.findUnique({ where: { id }, select: { id: true } }))) throw notFound(`no user ${id}`);
  const rows = await db.auditLog.findMany({
    where: { entityType: "user", entityId: id },
    orderBy: { seq: "desc" },
    take: HISTORY_LIMIT,
    select: { id: true, at: true, actorLabel: true, action: true, before: true, after: true },
  });
  return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actorLabel, action: r.action, before: r.before, after: r.after }));
}
