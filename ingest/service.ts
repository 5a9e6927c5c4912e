import type { EventRow } from "../lib/events/contract";
import { metrics, observeInsert } from "../lib/metrics";
import { Batcher } from "./batcher";
import { classifyEvents, toDeadLetter, type IngestContext, type RejectedEvent } from "./classify";
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
  const batcher = new Batcher<EventRow>({
    maxRows: options.batchRows,
    maxWaitMs: options.flushMs,
    write: async (rows) => {
      const started = performance.now();
      await options.sink.writeEvents(rows);
      observeInsert(
        "batched",
        rows.map((r) => r.time),
        (performance.now() - started) / 1000,
      );
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
      const { valid, rejected, dead } = classifyEvents(events, ctx, new Date());
      stats.received += events.length;
      metrics().eventsReceived.inc({ source: ctx.channel }, events.length);
      stats.rejected += rejected.length;
      await Promise.all([batcher.add(valid), options.sink.writeDeadLetters(dead)]);
      stats.deadLettered += dead.length;
      metrics().deadLetters.inc({ source: ctx.channel }, dead.length);
      return { accepted: valid.length, rejected };
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
