import { metrics, observeInsert } from "../lib/metrics";
import { Batcher } from "./batcher";
import { classifyEvents, toDeadLetter, type IngestContext, type RejectedEvent, type ValidEvent } from "./classify";
import type { EventSink } from "./sinks/clickhouse";

export type { IngestContext, RejectedEvent } from "./classify";

export interface IngestResult {
  accepted: number;
  rejected: RejectedEvent[];
}

export interface IngestStats {
  received: number;
  written: number;
  rejected: number;
  deadLettered: number;
  flushes: number;
  lastFlushAt: string | null;
  lastFlushMs: number | null;
  lastError: string | null;
  pendingRows: number;
}

/** Accepting more would hold more rows in memory than allowed: the caller should retry later. */
export class IngestOverloaded extends Error {
  constructor(readonly pendingRows: number) {
    super(`${pendingRows} rows are waiting for ClickHouse`);
    this.name = "IngestOverloaded";
  }
}

/**
 * Validation, dead-lettering and batching shared by every source (HTTP, Kafka, simulator):
 * valid events go to the events table, invalid ones to dead_letters with the reason, and
 * the promise settles only when both are written.
 */
export function createIngestService(options: { sink: EventSink; batchRows: number; flushMs: number; maxPendingRows?: number }) {
  const maxPendingRows = options.maxPendingRows ?? Number.POSITIVE_INFINITY;
  const stats: IngestStats = {
    received: 0,
    written: 0,
    rejected: 0,
    deadLettered: 0,
    flushes: 0,
    lastFlushAt: null,
    lastFlushMs: null,
    lastError: null,
    pendingRows: 0,
  };
  const batcher = new Batcher<ValidEvent>({
    maxRows: options.batchRows,
    maxWaitMs: options.flushMs,
    write: async (events) => {
      const started = performance.now();
      const refused = await options.sink.forwardEvents(events.map((e) => e.line));
      const times = events.map((e) => e.timeMs);
      for (const r of refused) times[r.index] = Number.NaN;
      observeInsert("batched", times, (performance.now() - started) / 1000);
      return refused;
    },
    onFlush: ({ rows, ms, error }) => {
      stats.flushes += 1;
      stats.lastFlushMs = Math.round(ms);
      if (error) {
        stats.lastError = error instanceof Error ? error.message : String(error);
      } else {
        stats.written += rows;
        stats.lastFlushAt = new Date().toISOString();
        stats.lastError = null;
      }
    },
  });

  return {
    async ingest(events: readonly unknown[], ctx: IngestContext): Promise<IngestResult> {
      // Refused before anything is kept: the client still holds the events and retries them.
      if (batcher.pendingRows + events.length > maxPendingRows && batcher.pendingRows > 0) throw new IngestOverloaded(batcher.pendingRows);
      const { valid, rejected, dead } = classifyEvents(events, ctx);
      stats.received += events.length;
      metrics().eventsReceived.inc({ source: ctx.channel }, events.length);
      const [refused] = await Promise.all([batcher.add(valid), options.sink.writeDeadLetters(dead)]);
      // Events ClickHouse itself could not read (the rest of their batch was stored): refused like invalid ones.
      if (refused.length > 0) {
        const late = refused.map((r) => ({ event: valid[r.index]!, reason: r.reason }));
        await options.sink.writeDeadLetters(late.map(({ event, reason }) => toDeadLetter(ctx, event.raw, reason, event.id)));
        for (const { event, reason } of late) rejected.push({ index: event.index, id: event.id, reason });
        rejected.sort((a, b) => a.index - b.index);
      }
      const deadLettered = dead.length + refused.length;
      stats.rejected += rejected.length;
      stats.deadLettered += deadLettered;
      metrics().deadLetters.inc({ source: ctx.channel }, deadLettered);
      return { accepted: valid.length - refused.length, rejected };
    },

    /** For input that never became events (a body that is not JSON, a span that cannot be mapped): kept whole with the reason. */
    async deadLetter(raw: string, reason: string, ctx: IngestContext, eventId: string | null = null): Promise<void> {
      await options.sink.writeDeadLetters([toDeadLetter(ctx, raw, reason, eventId)]);
      stats.deadLettered += 1;
      metrics().deadLetters.inc({ source: ctx.channel });
    },

    stats(): IngestStats {
      return { ...stats, pendingRows: batcher.pendingRows };
    },

    close: () => batcher.close(),
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
