import type { Db } from "../../lib/db/client";

/** What the record statement writes for one item. */
export interface Outcome {
  id: string;
  seq: number;
  /** `succeeded`/`failed` are final and counted; `sending` (a retryable answer) and a restored status (never sent) are not. */
  status: string;
  error: string | null;
  /** When it went out; null leaves the stored time. */
  sentAt: Date | null;
  /** 1 for an item marked but never sent: its attempt is taken back and its error kept. */
  undo: 0 | 1;
}

export interface Pause {
  error: string;
  backoffMs: number;
  until: Date;
}

// Both statements bound the items' seq as well as naming their ids: the (task, status, seq) index
// then reads only the window, where without statistics (PGlite has no autovacuum) the planner
// walked the task's whole index and filtered it, 7 ms per window at 18,000 items.
const seqRange = (items: readonly { seq: number }[]) => [Math.min(...items.map((i) => i.seq)), Math.max(...items.map((i) => i.seq))] as const;

/**
 * Marks items `sending` (attempts + 1) before any of them goes out, and only while the task is
 * still running: answers the ids marked, none once the task is cancelling.
 */
export async function markSending(db: Db, taskId: string, items: readonly { id: string; seq: number }[]): Promise<Set<string>> {
  const [from, to] = seqRange(items);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "replay_items" SET "status" = 'sending', "attempts" = "attempts" + 1
    WHERE "task_id" = ${taskId} AND "status" IN ('pending', 'sending') AND "seq" BETWEEN ${from} AND ${to} AND "id" = ANY(${items.map((i) => i.id)}::text[])
      AND EXISTS (SELECT 1 FROM "replay_tasks" WHERE "id" = ${taskId} AND "status" = 'running')
    RETURNING "id"`;
  return new Set(rows.map((r) => r.id));
}

/**
 * Items' outcomes, the task's counts and its pause in one statement, so item and task never
 * disagree after a crash. Only unfinished items are written, so an outcome never counts twice.
 * A success clears the back-off; a pause sets it.
 */
export async function recordOutcomes(db: Db, taskId: string, outcomes: readonly Outcome[], pause: Pause | null): Promise<void> {
  const [from, to] = seqRange(outcomes);
  await db.$executeRaw`
    WITH o AS (
      SELECT * FROM unnest(${outcomes.map((o) => o.id)}::text[], ${outcomes.map((o) => o.status)}::text[], ${outcomes.map((o) => o.error)}::text[],
                           ${outcomes.map((o) => o.sentAt?.toISOString() ?? null)}::timestamptz[], ${outcomes.map((o) => o.undo)}::int[]) AS o(id, status, error, sent_at, undo)
    ), items AS (
      UPDATE "replay_items" i SET
        "status" = o.status,
        "last_error" = CASE WHEN o.undo = 1 THEN i."last_error" ELSE o.error END,
        "sent_at" = COALESCE(o.sent_at, i."sent_at"),
        "attempts" = i."attempts" - o.undo
      FROM o WHERE i."task_id" = ${taskId} AND i."status" IN ('pending', 'sending') AND i."seq" BETWEEN ${from} AND ${to} AND i."id" = o.id
      RETURNING o.status
    ), done AS (
      SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS ok, count(*) FILTER (WHERE status = 'failed')::int AS bad FROM items
    )
    UPDATE "replay_tasks" t SET
      "sent" = t."sent" + done.ok + done.bad,
      "succeeded" = t."succeeded" + done.ok,
      "failed" = t."failed" + done.bad,
      "remaining" = GREATEST(t."remaining" - done.ok - done.bad, 0),
      "backoff_ms" = CASE WHEN ${pause !== null} THEN ${pause?.backoffMs ?? 0} WHEN done.ok > 0 THEN 0 ELSE t."backoff_ms" END,
      "paused_until" = CASE WHEN ${pause !== null} THEN ${pause?.until ?? null}::timestamptz WHEN done.ok > 0 THEN NULL ELSE t."paused_until" END,
      "last_error" = CASE WHEN ${pause !== null} THEN ${pause?.error ?? null} WHEN done.ok > 0 THEN NULL ELSE t."last_error" END,
      "updated_at" = now()
    FROM done WHERE t."id" = ${taskId}`;
}
