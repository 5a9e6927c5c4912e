import type { ClickHouseClient } from "@clickhouse/client";
import type { Db } from "../../lib/db/client";
import type { ReplayItem, ReplayTarget, ReplayTask } from "../../lib/generated/prisma/client";
import { lookupMessages, lookupOriginals, messageKey, originalAttributes } from "../../lib/replay/message-lookup";
import { enabledTargets } from "../../lib/replay/replay-targets";
import type { ReplayEnvelope, Sender } from "../../lib/replay/senders";
import { burstFor, nextBackoffMs, TokenBucket } from "../../lib/replay/token-bucket";

export interface WorkerDeps {
  db: Db;
  clickhouse: ClickHouseClient;
  senderFor(target: ReplayTarget): Sender;
  log(message: string): void;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Fault injection for the crash tests: runs after the target took a message, before it is recorded. */
  afterSend?: (item: ReplayItem) => void;
}

const BATCH = 100;

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * Sends the items of running tasks in order. Each item is marked `sending` before it goes out
 * and `succeeded`/`failed` after, so a worker that dies in between re-sends exactly the items
 * still `sending` or `pending`, with the same idempotency key; the target drops the duplicate.
 */
export function createReplayWorker(deps: WorkerDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? abortableSleep;
  const buckets = new Map<string, TokenBucket>();

  const bucketOf = (target: ReplayTarget) => {
    let b = buckets.get(target.id);
    if (!b) {
      b = new TokenBucket(target.ratePerSecond, burstFor(target.ratePerSecond), now());
      buckets.set(target.id, b);
    } else b.setRate(target.ratePerSecond);
    return b;
  };

  async function finishCancel(task: ReplayTask) {
    await deps.db.$transaction(async (tx) => {
      const left = await tx.replayItem.updateMany({ where: { taskId: task.id, status: { in: ["pending", "sending"] } }, data: { status: "skipped", skipReason: "cancelled" } });
      await tx.replayTask.update({ where: { id: task.id }, data: { status: "cancelled", skipped: { increment: left.count }, remaining: 0, pausedUntil: null, finishedAt: new Date(now()) } });
    });
    deps.log(`replay ${task.id}: cancelled`);
  }

  async function envelopes(task: ReplayTask, items: ReplayItem[]): Promise<Map<string, ReplayEnvelope>> {
    const messages = await lookupMessages(deps.clickhouse, items);
    const originals = await lookupOriginals(deps.clickhouse, [...messages.values()]);
    const out = new Map<string, ReplayEnvelope>();
    for (const item of items) {
      const key = messageKey(item.correlationId, item.messageId);
      const m = messages.get(key);
      const o = originals.get(key);
      out.set(item.id, {
        taskId: task.id,
        idempotencyKey: item.idempotencyKey,
        correlationId: item.correlationId,
        messageId: item.messageId,
        interface: item.interface,
        from: m?.from ?? "",
        to: m?.to ?? "",
        plant: m?.plant ?? item.plant,
        lotId: o?.lotId || m?.lots[0] || "",
        orderId: o?.orderId || m?.orders[0] || "",
        replayedBy: task.createdBy,
        reason: task.reason,
        original: o ? originalAttributes(o) : null,
        payload: item.editedPayload ?? o?.data ?? null,
      });
    }
    return out;
  }

  /** The item's outcome and the task's counts in one statement, so they never disagree after a crash. */
  async function record(item: ReplayItem, outcome: "succeeded" | "failed", error: string | null) {
    const ok = outcome === "succeeded";
    await deps.db.$executeRaw`
      WITH item AS (UPDATE "replay_items" SET "status" = ${outcome}, "last_error" = ${error} WHERE "id" = ${item.id} RETURNING "task_id")
      UPDATE "replay_tasks" SET
        "sent" = "sent" + 1,
        "succeeded" = "succeeded" + ${ok ? 1 : 0},
        "failed" = "failed" + ${ok ? 0 : 1},
        "remaining" = GREATEST("remaining" - 1, 0),
        "backoff_ms" = CASE WHEN ${ok} THEN 0 ELSE "backoff_ms" END,
        "paused_until" = CASE WHEN ${ok} THEN NULL ELSE "paused_until" END,
        "last_error" = CASE WHEN ${ok} THEN NULL ELSE "last_error" END,
        "updated_at" = now()
      WHERE "id" = (SELECT "task_id" FROM item)`;
  }

  /** Works one task until it is done, paused, cancelled or the process stops. */
  async function runTask(taskId: string, signal: AbortSignal): Promise<void> {
    let targets = await enabledTargets(deps.db);
    while (!signal.aborted) {
      const task = await deps.db.replayTask.findUnique({ where: { id: taskId } });
      if (!task) return;
      if (task.status === "cancelling") return finishCancel(task);
      if (task.status !== "running" || (task.pausedUntil && task.pausedUntil.getTime() > now())) return;
      const items = await deps.db.replayItem.findMany({ where: { taskId, status: { in: ["sending", "pending"] } }, orderBy: { seq: "asc" }, take: BATCH });
      if (items.length === 0) {
        await deps.db.replayTask.update({ where: { id: taskId }, data: { status: "completed", remaining: 0, pausedUntil: null, finishedAt: new Date(now()) } });
        deps.log(`replay ${taskId}: completed (${task.succeeded} succeeded, ${task.failed} failed, ${task.skipped} skipped)`);
        return;
      }
      const built = await envelopes(task, items);
      for (const [i, item] of items.entries()) {
        if (signal.aborted) return;
        // A cancel or an admin's target edit is seen within ten messages.
        if (i > 0 && i % 10 === 0) {
          const current = await deps.db.replayTask.findUnique({ where: { id: taskId }, select: { status: true } });
          if (current?.status !== "running") break;
          targets = await enabledTargets(deps.db);
        }
        const target = targets.get(item.interface);
        if (!target) {
          await record(item, "failed", `no enabled replay target for ${item.interface}`);
          continue;
        }
        await sleep(bucketOf(target).take(now()), signal);
        if (signal.aborted) return;
        await deps.db.replayItem.update({ where: { id: item.id }, data: { status: "sending", attempts: { increment: 1 }, sentAt: new Date(now()) } });
        const sent = { ...item, status: "sending" };
        const result = await deps.senderFor(target)(target, built.get(item.id)!, signal);
        deps.afterSend?.(sent);
        if (result.ok) {
          await record(sent, "succeeded", null);
        } else if (result.retryable) {
          const backoffMs = nextBackoffMs(task.backoffMs);
          await deps.db.$transaction([
            deps.db.replayItem.update({ where: { id: item.id }, data: { lastError: result.error } }),
            deps.db.replayTask.update({ where: { id: taskId }, data: { backoffMs, pausedUntil: new Date(now() + backoffMs), lastError: result.error } }),
          ]);
          deps.log(`replay ${taskId}: target ${target.interface} unavailable, pausing ${backoffMs} ms: ${result.error}`);
          return;
        } else {
          await record(sent, "failed", result.error);
        }
      }
    }
  }

  return {
    /** One pass: finishes cancels, then works every running task that is not paused, oldest first. */
    async cycle(signal: AbortSignal): Promise<void> {
      for (const task of await deps.db.replayTask.findMany({ where: { status: "cancelling" } })) await finishCancel(task);
      const due = await deps.db.replayTask.findMany({
        where: { status: "running", OR: [{ pausedUntil: null }, { pausedUntil: { lte: new Date(now()) } }] },
        orderBy: { createdAt: "asc" },
        select: { id: true },
      });
      for (const { id } of due) {
        if (signal.aborted) return;
        await runTask(id, signal);
      }
    },
  };
}
