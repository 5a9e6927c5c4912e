import { MAX_EVENT_BYTES, type EventRow } from "../lib/events/contract";
import { parseCloudEvent } from "../lib/events/to-row";
import { Batcher } from "./batcher";
import type { DeadLetterRow, EventSink } from "./sinks/clickhouse";

export interface IngestContext {
  channel: DeadLetterRow["channel"];
  requestId: string;
  topic?: string;
  partition?: number;
  offset?: number;
}

export interface RejectedEvent {
  index: number;
  id: string | null;
  reason: string;
}

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

const MAX_RAW_BYTES = 1024 * 1024;

function rawText(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return text.length > MAX_RAW_BYTES ? text.slice(0, MAX_RAW_BYTES) : text;
}

/**
 * Validation, dead-lettering and batching shared by every source (HTTP, Kafka, simulator):
 * valid events go to the events table, invalid ones to dead_letters with the reason, and
 * the promise settles only when both are written.
 */
export function createIngestService(options: { sink: EventSink; batchRows: number; flushMs: number }) {
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
    write: (rows) => options.sink.writeEvents(rows),
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

  function toDeadLetter(ctx: IngestContext, raw: unknown, reason: string, eventId: string | null): DeadLetterRow {
    return {
      channel: ctx.channel,
      request_id: ctx.requestId,
      topic: ctx.topic ?? "",
      partition: ctx.partition ?? -1,
      offset: ctx.offset ?? -1,
      event_id: eventId ?? "",
      reason,
      raw: rawText(raw),
    };
  }

  return {
    async ingest(events: readonly unknown[], ctx: IngestContext): Promise<IngestResult> {
      const receivedAt = new Date();
      const valid: EventRow[] = [];
      const rejected: RejectedEvent[] = [];
      const dead: DeadLetterRow[] = [];
      events.forEach((raw, index) => {
        const size = Buffer.byteLength(JSON.stringify(raw) ?? "");
        const parsed =
          size > MAX_EVENT_BYTES
            ? { ok: false as const, id: null, reason: `event is ${size} bytes; the limit is ${MAX_EVENT_BYTES}` }
            : parseCloudEvent(raw, receivedAt);
        if (parsed.ok) {
          valid.push(parsed.row);
        } else {
          rejected.push({ index, id: parsed.id, reason: parsed.reason });
          dead.push(toDeadLetter(ctx, raw, parsed.reason, parsed.id));
        }
      });
      stats.received += events.length;
      stats.rejected += rejected.length;
      await Promise.all([batcher.add(valid), options.sink.writeDeadLetters(dead)]);
      stats.deadLettered += dead.length;
      return { accepted: valid.length, rejected };
    },

    /** For input that never became events (a body that is not JSON): kept whole with the reason. */
    async deadLetter(raw: string, reason: string, ctx: IngestContext): Promise<void> {
      await options.sink.writeDeadLetters([toDeadLetter(ctx, raw, reason, null)]);
      stats.deadLettered += 1;
    },

    stats(): IngestStats {
      return { ...stats, pendingRows: batcher.pendingRows };
    },

    close: () => batcher.close(),
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
