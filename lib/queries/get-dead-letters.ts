import "server-only";
import { z } from "zod";
import { runQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";

export const deadLetterFilterSchema = z.object({
  channel: z.enum(["http", "kafka", "simulator", "otlp"]).optional().catch(undefined),
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
export async function getDeadLetters(filter: DeadLetterFilter, limit = 200): Promise<{ items: DeadLetter[]; reasons: DeadLetterSummary[]; total: number }> {
  const params = { hours: filter.hours, channel: filter.channel ?? "", limit, preview: PREVIEW_CHARS };
  const [items, reasons, totals] = await Promise.all([
    runQuery<{ t: string; channel: string; request_id: string; topic: string; partition: number; offset: string; event_id: string; reason: string; preview: string; bytes: string }>(
      "dead-letters-list",
      `SELECT received_at AS t, channel, request_id, topic, partition, offset, event_id, reason,
              leftUTF8(raw, {preview:UInt32}) AS preview, length(raw) AS bytes
       FROM dead_letters WHERE ${WHERE} ORDER BY received_at DESC LIMIT {limit:UInt32}`,
      params,
    ),
    // Reasons name the failing field and value; the part before the first colon groups them.
    runQuery<{ r: string; n: string; last_t: string }>(
      "dead-letters-reasons",
      `SELECT substringIndex(reason, ':', 1) AS r, count() AS n, max(received_at) AS last_t
       FROM dead_letters WHERE ${WHERE} GROUP BY r ORDER BY n DESC LIMIT 10`,
      params,
    ),
    runQuery<{ n: string }>("dead-letters-total", `SELECT count() AS n FROM dead_letters WHERE ${WHERE}`, params),
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
