import { MAX_EVENT_BYTES, type EventRow } from "../lib/events/contract";
import { stringifyAnyDepth } from "../lib/events/json-nesting";
import { parseCloudEvent } from "../lib/events/to-row";
import type { DeadLetterRow } from "./sinks/clickhouse";

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

export interface Classified {
  valid: EventRow[];
  rejected: RejectedEvent[];
  dead: DeadLetterRow[];
}

const MAX_RAW_BYTES = 1024 * 1024;

// Refused input may be nested too deep for JSON.stringify.
function rawText(value: unknown): string {
  const text = typeof value === "string" ? value : stringifyAnyDepth(value);
  return text.length > MAX_RAW_BYTES ? text.slice(0, MAX_RAW_BYTES) : text;
}

export function toDeadLetter(ctx: IngestContext, raw: unknown, reason: string, eventId: string | null): DeadLetterRow {
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

/** Splits decoded events into rows for the events table and dead letters with their reasons. */
export function classifyEvents(events: readonly unknown[], ctx: IngestContext, receivedAt: Date): Classified {
  const out: Classified = { valid: [], rejected: [], dead: [] };
  events.forEach((raw, index) => {
    const parsed = parseCloudEvent(raw, receivedAt, { maxBytes: MAX_EVENT_BYTES });
    if (parsed.ok) {
      out.valid.push(parsed.row);
    } else {
      out.rejected.push({ index, id: parsed.id, reason: parsed.reason });
      out.dead.push(toDeadLetter(ctx, raw, parsed.reason, parsed.id));
    }
  });
  return out;
}
