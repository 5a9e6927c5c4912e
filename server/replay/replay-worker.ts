import type { ClickHouseClient } from "@clickhouse/client";
import type { Db } from "../../lib/db/client";
import type { ReplayItem, ReplayTarget, ReplayTask } from "../../lib/generated/prisma/client";
import { lookupMessages, lookupOriginals, messageKey, originalAttributes } from "../../lib/replay/message-lookup";
import { enabledTargets } from "../../lib/replay/replay-targets";
import type { ReplayEnvelope, Sender, SendResult } from "../../lib/replay/senders";
import { burstFor, nextBackoffMs, TokenBucket } from "../../lib/replay/token-bucket";
import { markSending, recordOutcomes, type Outcome, type Pause } from "./item-progress";

export interface WorkerDeps {
  db: Db;
  clickhouse: ClickHouseClient;
  senderFor(target: ReplayTarget): Sender;
  log(message: string): void;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Sends in flight at once (default 32). */
  concurrency?: number;
}

// The buckets pace the sends; this only bounds them. It is high because a send's answer waits for
// this process's event loop, which a database statement or a ClickHouse read can hold for tens of
// milliseconds: at 8, such stalls left 200/s targets at 100–150/s.
const CONCURRENCY = 32;

// Items read, and looked up in ClickHouse, at once: the lookup is the costly read, so it is amortised over many windows.
const BATCH = 500;
const MAX_WINDOW = 50;
// An admin's edit of a target (rate, URL, disabled) applies within this long.
const TARGETS_TTL_MS = 1_000;

/**
 * Items marked `sending` together: a fifth of a second at the slowest rate in use, at most 50, so
 * a cancel is seen within a window and the mark and record statements stay few against the sends.
 */
export function windowSize(ratePerSecond: number): number {
  return Math.max(1, Math.min(MAX_WINDOW, Math.floor(ratePerSecond / 5)));
}

/**
 * The most items a crash can leave `sending` (each maybe delivered, re-sent with its key): the
 * window marked ahead, the one going out, and the previous one's outcomes not yet recorded, plus
 * stragglers of earlier windows still in flight.
 */
export function inDoubtAtMost(ratePerSecond: number, concurrency = CONCURRENCY): number {
  return 3 * windowSize(ratePerSecond) + concurrency;
}

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

interface Batch {
  items: ReplayItem[];
  built: Map<string, ReplayEnvelope>;
}

/** A window ready to go: its items marked `sending` (those with an enabled target), with the targets as they were read. */
interface Prepared {
  items: ReplayItem[];
  built: Map<string, ReplayEnvelope>;
  targets: Map<string, ReplayTarget>;
  marked: Set<string>;
  /** Items whose interface has no enabled target: failed without a send. */
  noTarget: Outcome[];
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
/** A promise that is awaited later, possibly after other awaits: it must not reject unobserved in between. */
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/**
 * Sends the items of running tasks in windows. A window is marked `sending` (attempts + 1) in one
 * statement before any of it goes out, sent with bounded concurrency paced by each target's token
 * bucket, and outcomes are recorded with the task's counts in one statement. A worker that dies
 * in between leaves only `sending`/`pending` items, which the next run re-sends with the same
 * idempotency keys; the target drops the duplicates.
 */
export function createReplayWorker(deps: WorkerDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? abortableSleep;
  const concurrency = deps.concurrency ?? CONCURRENCY;
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

  /** Keys whose messages must reach the target in order: the same trace, lot or order. */
  const orderKeys = (e: ReplayEnvelope) => [`c:${e.correlationId}`, ...(e.lotId ? [`l:${e.lotId}`] : []), ...(e.orderId ? [`o:${e.orderId}`] : [])];

  /** The next items still to send after `afterSeq`, in order, with their envelopes. */
  async function loadBatch(task: ReplayTask, afterSeq: number): Promise<Batch> {
    const items = await deps.db.replayItem.findMany({ where: { taskId: task.id, status: { in: ["sending", "pending"] }, seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: BATCH });
    return { items, built: items.length > 0 ? await envelopes(task, items) : new Map() };
  }

  /**
   * Sends a running task's items from `first` on until they run out, a target answers retryably
   * (pause), the task is no longer running or the process stops. Windows overlap: the next one is
   * marked while this one goes out, the batch after is looked up in ClickHouse meanwhile, and
   * finished outcomes are recorded in the background, so the buckets alone pace the sends. Items
   * go out in order, at most `concurrency` at once, and a message waits for an earlier one of its
   * trace, lot or order. On a stop, what went out is recorded and what was marked but not sent is
   * taken back.
   */
  async function sendFrom(task: ReplayTask, first: Batch, signal: AbortSignal): Promise<void> {
    let targets = await enabledTargets(deps.db);
    let targetsAt = now();
    let batch = first;
    let offset = 0;
    let nextBatch: Promise<Settled<Batch>> | null = null;
    const nextWindow = async (): Promise<Batch | null> => {
      if (offset >= batch.items.length) {
        const loaded = await (nextBatch ?? settle(loadBatch(task, batch.items.at(-1)!.seq)));
        nextBatch = null;
        if (!loaded.ok) throw loaded.error;
        batch = loaded.value;
        offset = 0;
        if (batch.items.length === 0) return null;
      }
      nextBatch ??= settle(loadBatch(task, batch.items.at(-1)!.seq));
      const rates = batch.items.slice(offset, offset + MAX_WINDOW).map((item) => targets.get(item.interface)?.ratePerSecond ?? Infinity);
      const items = batch.items.slice(offset, offset + windowSize(Math.min(...rates)));
      offset += items.length;
      return { items, built: batch.built };
    };
    const prepare = async (): Promise<Prepared | null> => {
      if (now() - targetsAt >= TARGETS_TTL_MS) {
        targets = await enabledTargets(deps.db);
        targetsAt = now();
      }
      const window = await nextWindow();
      if (!window) return null;
      const snapshot = targets;
      const noTarget: Outcome[] = [];
      const items = window.items.filter((item) => {
        if (snapshot.has(item.interface)) return true;
        noTarget.push({ id: item.id, seq: item.seq, status: "failed", error: `no enabled replay target for ${item.interface}`, sentAt: null, undo: 0 });
        return false;
      });
      const marked = items.length > 0 ? await markSending(deps.db, task.id, items) : new Set<string>();
      return { items, built: window.built, targets: snapshot, marked, noTarget };
    };

    const done: Outcome[] = [];
    let recording: Promise<void> = Promise.resolve();
    let failed = false;
    let failure: unknown;
    const fail = (error: unknown) => {
      failed = true;
      failure ??= error;
    };
    const flush = (pause: Pause | null) => {
      const outcomes = done.splice(0);
      if (outcomes.length === 0) return;
      recording = recording.then(() => (failed ? undefined : recordOutcomes(deps.db, task.id, outcomes, pause))).catch(fail);
    };
    const takeBack = (window: Prepared, launched: ReadonlySet<string>) => {
      for (const item of window.items) if (window.marked.has(item.id) && !launched.has(item.id)) done.push({ id: item.id, seq: item.seq, status: item.status, error: null, sentAt: null, undo: 1 });
    };

    const inFlight = new Set<Promise<void>>();
    const lastOfKey = new Map<string, Promise<void>>();
    let backoffMs = task.backoffMs;
    let pauseError: string | null = null;
    const stopped = () => pauseError !== null || failed || signal.aborted;
    const launch = (item: ReplayItem, target: ReplayTarget, envelope: ReplayEnvelope, keys: string[]) => {
      const sentAt = new Date(now());
      const settleOutcome = (result: SendResult) => {
        if (result.ok) {
          backoffMs = 0;
          done.push({ id: item.id, seq: item.seq, status: "succeeded", error: null, sentAt, undo: 0 });
        } else if (!result.retryable) {
          done.push({ id: item.id, seq: item.seq, status: "failed", error: result.error, sentAt, undo: 0 });
        } else {
          // Still `sending`: it may have arrived, so it goes again with the same key once the target answers.
          done.push({ id: item.id, seq: item.seq, status: "sending", error: result.error, sentAt, undo: 0 });
          if (!signal.aborted) pauseError ??= `${target.interface}: ${result.error}`;
        }
      };
      const send: Promise<void> = deps
        .senderFor(target)(target, envelope, signal)
        .then(settleOutcome, (error: unknown) => settleOutcome({ ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) }))
        .finally(() => {
          inFlight.delete(send);
          for (const k of keys) if (lastOfKey.get(k) === send) lastOfKey.delete(k);
        });
      inFlight.add(send);
      for (const k of keys) lastOfKey.set(k, send);
    };

    let ahead: Promise<Settled<Prepared | null>> | null = settle(prepare());
    while (ahead) {
      const prepared = await ahead;
      ahead = null;
      if (!prepared.ok) {
        fail(prepared.error);
        break;
      }
      const window = prepared.value;
      if (!window) break;
      done.push(...window.noTarget);
      // Nothing marked: the task is cancelling (or no longer running).
      if (window.items.length > 0 && window.marked.size === 0) break;
      flush(null);
      if (stopped()) {
        takeBack(window, new Set());
        break;
      }
      // Marked only once the outcomes before it are recorded, so unrecorded outcomes stay within a window.
      const recorded = recording;
      ahead = settle(recorded.then(prepare));
      const launched = new Set<string>();
      for (const item of window.items) {
        if (!window.marked.has(item.id)) continue;
        const envelope = window.built.get(item.id)!;
        const keys = orderKeys(envelope);
        await Promise.all(keys.map((k) => lastOfKey.get(k)));
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        if (stopped()) break;
        const target = window.targets.get(item.interface)!;
        await sleep(bucketOf(target).take(now()), signal);
        if (signal.aborted) break;
        launched.add(item.id);
        launch(item, target, envelope, keys);
      }
      takeBack(window, launched);
      if (stopped()) break;
    }
    if (ahead) {
      const prepared = await ahead;
      if (!prepared.ok) fail(prepared.error);
      else if (prepared.value) takeBack(prepared.value, new Set());
    }
    await Promise.all(inFlight);
    const pauseMs = nextBackoffMs(backoffMs);
    const pause = pauseError === null ? null : { error: pauseError, backoffMs: pauseMs, until: new Date(now() + pauseMs) };
    flush(pause);
    await recording;
    if (failed) throw failure;
    if (pause) deps.log(`replay ${task.id}: target unavailable, pausing ${pauseMs} ms: ${pause.error}`);
  }

  /** Works one task until it is done, paused, cancelled or the process stops. */
  async function runTask(taskId: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const task = await deps.db.replayTask.findUnique({ where: { id: taskId } });
      if (!task) return;
      if (task.status === "cancelling") return finishCancel(task);
      if (task.status !== "running" || (task.pausedUntil && task.pausedUntil.getTime() > now())) return;
      const first = await loadBatch(task, -1);
      if (first.items.length === 0) {
        await deps.db.replayTask.update({ where: { id: taskId }, data: { status: "completed", remaining: 0, pausedUntil: null, finishedAt: new Date(now()) } });
        deps.log(`replay ${taskId}: completed (${task.succeeded} succeeded, ${task.failed} failed, ${task.skipped} skipped)`);
        return;
      }
      await sendFrom(task, first, signal);
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
