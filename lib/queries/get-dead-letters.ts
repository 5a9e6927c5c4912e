import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { z } from "zod";
import { runQuery } from "../clickhouse/query";
import { chTimeToIso, toClickHouseTime } from "../clickhouse/time";

export const DEAD_LETTER_CHANNELS = ["http", "kafka", "simulator", "otlp"] as const;

export const deadLetterFilterSchema = z.object({
  channel: z.enum(DEAD_LETTER_CHANNELS).optional().catch(undefined),
  hours: z.coerce.number().int().min(1).max(24 * 30).default(24).catch(24),
});

export type DeadLetterFilter = z.infer<typeof deadLetterFilterSchema>;

export interface DeadLetter {
  receivedAt: string;
  channel: string;
  requestId: string;
  topic: string;
  partition: number;
  offset: number;
  eventId: string;
  reason: string;
  rawPreview: string;
  rawBytes: number;
}

export interface DeadLetterSummary {
  reason: string;
  count: number;
  lastSeen: string;
}

const PREVIEW_CHARS = 2_000;

// The table is ordered by received_at, so a time window reads only its own granules.
const WHERE = `received_at >= now() - INTERVAL {hours:UInt32} HOUR AND ({channel:String} = '' OR channel = {channel:String})`;

/** The most recent dead letters and the most frequent reasons, for the ingest errors page. */
export async function getDeadLetters(ch: ClickHouseClient, filter: DeadLetterFilter, limit = 200): Promise<{ items: DeadLetter[]; reasons: DeadLetterSummary[]; total: number }> {
  const params = { hours: filter.hours, channel: filter.channel ?? "", limit, preview: PREVIEW_CHARS };
  const [items, reasons, totals] = await Promise.all([
    runQuery<{ t: string; channel: string; request_id: string; topic: string; partition: number; offset: string; event_id: string; reason: string; preview: string; bytes: string }>(
      ch,
      "dead-letters-list",
      `SELECT received_at AS t, channel, request_id, topic, partition, offset, event_id, reason,
              leftUTF8(raw, {preview:UInt32}) AS preview, length(raw) AS bytes
       FROM dead_letters WHERE ${WHERE} ORDER BY received_at DESC LIMIT {limit:UInt32}`,
      params,
    ),
    // Reasons name the failing field and value; the part before the first colon groups them.
    runQuery<{ r: string; n: string; last_t: string }>(
      ch,
      "dead-letters-reasons",
      `SELECT substringIndex(reason, ':', 1) AS r, count() AS n, max(received_at) AS last_t
       FROM dead_letters WHERE ${WHERE} GROUP BY r ORDER BY n DESC LIMIT 10`,
      params,
    ),
    runQuery<{ n: string }>(ch, "dead-letters-total", `SELECT count() AS n FROM dead_letters WHERE ${WHERE}`, params),
  ]);
  return {
    items: items.map((d) => ({
      receivedAt: chTimeToIso(d.t),
      channel: d.channel,
      requestId: d.request_id,
      topic: d.topic,
      partition: Number(d.partition),
      offset: Number(d.offset),
      eventId: d.event_id,
      reason: d.reason,
      rawPreview: d.preview,
      rawBytes: Number(d.bytes),
    })),
    reasons: reasons.map((r) => ({ reason: r.r, count: Number(r.n), lastSeen: chTimeToIso(r.last_t) })),
    total: Number(totals[0]?.n ?? 0),
  };
}

export const DEAD_LETTER_PAGE_MAX = 500;
const OFFSET_MAX = 100_000;

const isoTime = (name: string) => z.iso.datetime({ offset: true, error: `${name} must be an RFC 3339 timestamp` }).optional();

/**
 * The query of GET /api/v1/ingest-errors. Unlike the page's filter, nothing here falls back to a
 * default on a bad value: a script that asked for something else gets a 400, not other rows.
 */
export const deadLetterQuerySchema = z
  .object({
    channel: z.enum(DEAD_LETTER_CHANNELS, { error: `channel must be one of ${DEAD_LETTER_CHANNELS.join(", ")}` }).optional(),
    reason: z.string().min(1, "reason must not be empty").max(200, "reason is at most 200 characters").optional(),
    eventId: z.string().min(1, "eventId must not be empty").max(200, "eventId is at most 200 characters").optional(),
    from: isoTime("from"),
    to: isoTime("to"),
    limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1, "limit is at least 1").max(DEAD_LETTER_PAGE_MAX, `limit is at most ${DEAD_LETTER_PAGE_MAX}`).default(100),
    offset: z.coerce.number({ error: "offset must be a number" }).int("offset must be a whole number").min(0, "offset is at least 0").max(OFFSET_MAX, `offset is at most ${OFFSET_MAX}`).default(0),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), { path: ["to"], message: "to must be after from" });

export type DeadLetterQuery = z.output<typeof deadLetterQuerySchema>;

/** One dead letter as the API lists it; the raw input only for callers who may read it. */
export interface DeadLetterRecord extends Omit<DeadLetter, "rawPreview"> {
  /** The input as text when it is valid UTF-8, else null (then only rawBase64 holds it). */
  raw?: string | null;
  rawBase64?: string;
}

// Open bounds, as ClickHouse parses a DateTime64(3) parameter.
const NO_LOWER_BOUND = "1970-01-01 00:00:00.000";
const NO_UPPER_BOUND = "2299-12-31 23:59:59.999";

const QUERY_WHERE = `received_at >= {from:DateTime64(3, 'UTC')} AND received_at < {to:DateTime64(3, 'UTC')}
  AND ({channel:String} = '' OR channel = {channel:String})
  AND ({reason:String} = '' OR positionCaseInsensitiveUTF8(reason, {reason:String}) > 0)
  AND ({eventId:String} = '' OR event_id = {eventId:String})`;

/**
 * One page of dead letters, newest first, and how many match: `from` inclusive, `to` exclusive,
 * `reason` a case-insensitive part of the reason, `eventId` exact. Raw bytes are read only when
 * `withRaw`, so a caller who may not see them never has them in memory.
 */
export async function listDeadLetters(ch: ClickHouseClient, query: DeadLetterQuery, withRaw: boolean): Promise<{ total: number; items: DeadLetterRecord[] }> {
  const params = {
    from: query.from ? toClickHouseTime(Date.parse(query.from)) : NO_LOWER_BOUND,
    to: query.to ? toClickHouseTime(Date.parse(query.to)) : NO_UPPER_BOUND,
    channel: query.channel ?? "",
    reason: query.reason ?? "",
    eventId: query.eventId ?? "",
    limit: query.limit,
    offset: query.offset,
  };
  const rawColumns = withRaw ? ", isValidUTF8(raw) AS utf8, if(utf8, raw, '') AS raw_text, base64Encode(raw) AS raw_b64" : "";
  const [rows, totals] = await Promise.all([
    runQuery<{ t: string; channel: string; request_id: string; topic: string; partition: number; offset: string; event_id: string; reason: string; bytes: string; utf8?: number; raw_text?: string; raw_b64?: string }>(
      ch,
      "dead-letters-page",
      `SELECT received_at AS t, channel, request_id, topic, partition, offset, event_id, reason, length(raw) AS bytes${rawColumns}
       FROM dead_letters WHERE ${QUERY_WHERE}
       ORDER BY received_at DESC, request_id, event_id LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      params,
    ),
    runQuery<{ n: string }>(ch, "dead-letters-count", `SELECT count() AS n FROM dead_letters WHERE ${QUERY_WHERE}`, params),
  ]);
  return {
    total: Number(totals[0]?.n ?? 0),
    items: rows.map((d) => ({
      receivedAt: chTimeToIso(d.t),
      channel: d.channel,
      requestId: d.request_id,
      topic: d.topic,
      partition: Number(d.partition),
      offset: Number(d.offset),
      eventId: d.event_id,
      reason: d.reason,
      rawBytes: Number(d.bytes),
      ...(withRaw ? { raw: Number(d.utf8) === 1 ? (d.raw_text ?? "") : null, rawBase64: d.raw_b64 ?? "" } : {}),
    })),
  };
}
