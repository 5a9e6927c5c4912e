import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import type { Db } from "../db/client";
import type { ExceptionInput } from "./exception-input";
import type { GroupState } from "./lifecycle";
import { wakeIfDue } from "./lifecycle";
import { refreshGroupImpacts } from "./group-priority";
import { applyExceptionChanges, type Closure } from "./record-exceptions";
import { readBreaches, readDeadLetters, readDeliveries, readDivergentLots, readFailedMessages, type Cursor, type SourceBatch } from "./sources";

export interface CycleOptions {
  /** Rows per read of a source. */
  batchSize: number;
  /** Reads per source per cycle, so one cycle after a long outage still ends. */
  maxBatches: number;
  /** Failed events that arrived less than this ago are left for the next cycle, so an insert still landing is not passed. */
  settleMs: number;
  /** How long systems must disagree on a lot before it is an exception. */
  divergenceGraceMs: number;
  /** Open integration exceptions checked for a later delivery per cycle: half the newest, half a sweep through the rest. */
  deliveryChecks: number;
}

export const DEFAULT_CYCLE: CycleOptions = { batchSize: 5_000, maxBatches: 20, settleMs: 5_000, divergenceGraceMs: 15 * 60_000, deliveryChecks: 5_000 };

export interface CycleReport {
  read: Record<string, number>;
  created: number;
  closed: number;
  regressed: number;
  autoResolved: number;
  woken: number;
  /** Groups whose impact and priority were recomputed. */
  impacts: number;
  durationMs: number;
}

/** Hourly counts older than the inbox trend shows (a day) with a day of slack. */
const HOURLY_KEPT_MS = 48 * 3_600_000;

const EPOCH: Cursor = { time: new Date(0), key: "" };

async function cursorOf(db: Db, source: string): Promise<Cursor> {
  const row = await db.exceptionWatermark.findUnique({ where: { source } });
  return row ? { time: row.watermark, key: row.cursor } : EPOCH;
}

async function saveCursor(db: Db, source: string, c: Cursor) {
  await db.exceptionWatermark.upsert({ where: { source }, create: { source, watermark: c.time, cursor: c.key }, update: { watermark: c.time, cursor: c.key } });
}

const SWEEP = "delivery_sweep";

/**
 * The open integration exceptions to check for a later delivery this cycle: the newest (a retry
 * usually follows soon), and the next slice of a sweep through all older ones, so every open
 * exception is checked within (open / (checks / 2)) cycles however many there are.
 */
async function openToCheck(db: Db, checks: number) {
  const where = { kind: "integration", status: "open", messageId: { not: "" } };
  const select = { id: true, correlationId: true, messageId: true, occurredAt: true };
  const half = Math.max(1, Math.floor(checks / 2));
  const newest = await db.exceptionRecord.findMany({ where, select, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], take: half });
  const sweep = await cursorOf(db, SWEEP);
  // A sweep starts below the newest, which are checked anyway.
  const top = newest.at(-1);
  const from = sweep.time.getTime() !== EPOCH.time.getTime() ? sweep : top ? { time: top.occurredAt, key: top.id } : null;
  const after = from ? { OR: [{ occurredAt: { lt: from.time } }, { occurredAt: from.time, id: { lt: from.key } }] } : {};
  const older = await db.exceptionRecord.findMany({ where: { ...where, ...after }, select, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], take: checks - half });
  const last = older.at(-1);
  await saveCursor(db, SWEEP, older.length < checks - half || !last ? EPOCH : { time: last.occurredAt, key: last.id });
  const seen = new Set(newest.map((o) => o.id));
  return [...newest, ...older.filter((o) => !seen.has(o.id))];
}

const deliveryReason = (at: Date, replayed: boolean) => `${replayed ? "delivered by a replay" : "delivered on a retry"} at ${at.toISOString()}`;

/**
 * One pass of the exceptions job: read each source after its watermark, store and group what
 * it found, close what later telemetry settled (a delivery, a breach closed, systems agreeing
 * again), wake snoozes whose time has come, and rank open groups by impact and quality risk.
 * The inbox reads only what this writes.
 */
export async function runExceptionsCycle(ch: ClickHouseClient, db: Db, now: Date, options: CycleOptions = DEFAULT_CYCLE): Promise<CycleReport> {
  const started = Date.now();
  const report: CycleReport = { read: {}, created: 0, closed: 0, regressed: 0, autoResolved: 0, woken: 0, impacts: 0, durationMs: 0 };
  const tally = (r: Awaited<ReturnType<typeof applyExceptionChanges>>) => {
    report.created += r.created;
    report.closed += r.closed;
    report.regressed += r.regressed.length;
    report.autoResolved += r.autoResolved.length;
  };

  const sources: [string, (after: Cursor) => Promise<SourceBatch>][] = [
    ["events_failed", (after) => readFailedMessages(ch, after, new Date(now.getTime() - options.settleMs), options.batchSize)],
    ["sla_breaches", (after) => readBreaches(ch, after, options.batchSize)],
    ["dead_letters", (after) => readDeadLetters(ch, after, options.batchSize)],
  ];
  for (const [source, read] of sources) {
    let cursor = await cursorOf(db, source);
    report.read[source] = 0;
    for (let i = 0; i < options.maxBatches; i++) {
      const batch = await read(cursor);
      report.read[source] += batch.rows;
      if (batch.rows === 0) break;
      tally(await applyExceptionChanges(db, batch.items, [], now));
      cursor = batch.next;
      await saveCursor(db, source, cursor);
      if (batch.rows < options.batchSize) break;
    }
  }

  const divergent: ExceptionInput[] = await readDivergentLots(ch, options.divergenceGraceMs, now.getTime());
  report.read.divergence = divergent.length;
  const stillDivergent = new Set(divergent.map((d) => d.id));
  const agreed: Closure[] = (await db.exceptionRecord.findMany({ where: { kind: "divergence", status: "open" }, select: { id: true } }))
    .filter((r) => !stillDivergent.has(r.id))
    .map((r) => ({ id: r.id, at: now, reason: "the systems agree on the lot again" }));
  tally(await applyExceptionChanges(db, divergent, agreed, now));

  const open = await openToCheck(db, options.deliveryChecks);
  const idOf = new Map(open.map((o) => [`${o.correlationId}\u0000${o.messageId}`, o.id]));
  const deliveries = await readDeliveries(ch, open.map((o) => ({ correlationId: o.correlationId, messageId: o.messageId, after: o.occurredAt })));
  const delivered = deliveries.flatMap((d) => {
    const id = idOf.get(`${d.correlationId}\u0000${d.messageId}`);
    return id ? [{ id, at: d.deliveredAt, reason: deliveryReason(d.deliveredAt, d.replayed) }] : [];
  });
  tally(await applyExceptionChanges(db, [], delivered, now));

  const due = await db.exceptionGroup.findMany({ where: { state: "snoozed", snoozedUntil: { lte: now } } });
  for (const g of due) {
    const after = wakeIfDue({ ...g, state: g.state as GroupState }, now);
    const woke = await db.exceptionGroup.updateMany({ where: { id: g.id, version: g.version }, data: { state: after.state, snoozedUntil: null, snoozeUntilCount: null, version: { increment: 1 }, changedBy: "system", changedAt: now } });
    report.woken += woke.count;
  }
  report.impacts = await refreshGroupImpacts(ch, db, now);
  await db.exceptionHourly.deleteMany({ where: { hour: { lt: new Date(now.getTime() - HOURLY_KEPT_MS) } } });
  report.durationMs = Date.now() - started;
  return report;
}
