import type { Db } from "../../lib/db/client";

/** What the record statement writes for one item. */
export interface Outcome {
  id: string;
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

/**
 * Marks items `sending` (attempts + 1) before any of them goes out, and only while the task is
 * still running: answers the ids marked, none once the task is cancelling.
 */
export async function markSending(db: Db, taskId: string, ids: string[]): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "replay_items" SET "status" = 'sending', "attempts" = "attempts" + 1
    WHERE "task_id" = ${taskId} AND "id" = ANY(${ids}::text[]) AND "status" IN ('pending', 'sending')
      AND EXISTS (SELECT 1 FROM "replay_tasks" WHERE "id" = ${taskId} AND "status" = 'running')
    RETURNING "id"`;
  return new Set(rows.map((r) => r.id));
}

/**
 * Items' outcomes, the task's counts and its pause in one statement, so item and task never
 * disagree after a crash. A success clears the back-off; a pause sets it.
 */
export async function recordOutcomes(db: Db, taskId: string, outcomes: readonly Outcome[], pause: Pause | null): Promise<void> {
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
      FROM o WHERE i."id" = o.id AND i."task_id" = ${taskId}
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
