import { MAX_EVENT_BYTES } from "../lib/events/contract";
import { stringifyAnyDepth } from "../lib/events/json-nesting";
import { forwardEvent, type ForwardLine } from "./forward-event";
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

/** A valid event on its way to events_ingest, with what a refusal by ClickHouse would need. */
export interface ValidEvent {
  /** Its index in the caller's list. */
  index: number;
  id: string;
  line: ForwardLine;
  timeMs: number;
  raw: unknown;
}

export interface Classified {
  valid: ValidEvent[];
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

/** Splits decoded events into lines for events_ingest and dead letters with their reasons. */
export function classifyEvents(events: readonly unknown[], ctx: IngestContext): Classified {
  const out: Classified = { valid: [], rejected: [], dead: [] };
  events.forEach((raw, index) => {
    const forwarded = forwardEvent(raw, { maxBytes: MAX_EVENT_BYTES });
    if (forwarded.ok) {
      out.valid.push({ index, id: forwarded.id, line: forwarded.line, timeMs: forwarded.timeMs, raw });
    } else {
      out.rejected.push({ index, id: forwarded.id, reason: forwarded.reason });
      out.dead.push(toDeadLetter(ctx, raw, forwarded.reason, forwarded.id));
    }
  });
  return out;
}
