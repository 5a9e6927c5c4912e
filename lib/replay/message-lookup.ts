import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { chTimeToIso } from "../clickhouse/time";
import { idChunks } from "../clickhouse/id-chunks";
import { runQuery } from "../clickhouse/query";
import { TELEMETRY_TYPE_PREFIX } from "../events/contract";
import { parseStoredOrigin, type KafkaOrigin } from "../events/kafka-origin";
import { TELEMETRY_TYPES } from "../workflows/catalog";
import { messageKey } from "./message-key";
import { lastOutcome, type LastOutcome, type MessageStep } from "./message-outcome";

/** One integration message as replay needs it: its route, business keys and how it ended. */
export interface ReplayMessage {
  correlationId: string;
  messageId: string;
  plant: string;
  interface: string;
  from: string;
  to: string;
  lots: string[];
  orders: string[];
  outcome: LastOutcome;
  replayedOk: boolean;
  replays: number;
  /** When the middleware received it (the hand-off): supersession compares deliveries after this. */
  receivedAt: string;
  lastError: string;
}

/** The stored attributes of the business event the `from` system handed to the middleware. */
export interface OriginalAttributes {
  id: string;
  type: string;
  source: string;
  system: string;
  time: string;
  subject: string;
  plant: string;
  lotId: string;
  orderId: string;
  messageId: string;
  traceId: string;
  spanId: string;
  /** How it came over Kafka (topic, key, headers); null when it came over HTTP, OTLP or from the simulator. */
  kafka: KafkaOrigin | null;
}

/** That event with its stored payload. */
export interface OriginalEvent extends OriginalAttributes {
  data: unknown;
}

/** The original without its payload: what a replay envelope names as `original`. */
export function originalAttributes(o: OriginalEvent): OriginalAttributes {
  const { data: _data, ...attributes } = o;
  return attributes;
}

export { messageKey };

interface StepRow {
  correlationId: string;
  messageId: string;
  type: string;
  status: string;
  time: string;
  eventId: string;
  plant: string;
  lotId: string;
  orderId: string;
  error: string;
  iface: string;
  fromSystem: string;
  toSystem: string;
}

/**
 * The messages named by (correlation id, message id), read by correlation id (the events table's
 * primary key) in as few passes as the parameter size allows. Unknown pairs are absent from the result.
 */
export async function lookupMessages(ch: ClickHouseClient, pairs: readonly { correlationId: string; messageId: string }[]): Promise<Map<string, ReplayMessage>> {
  const wanted = new Set(pairs.map((p) => messageKey(p.correlationId, p.messageId)));
  const out = new Map<string, ReplayMessage>();
  for (const ids of idChunks(new Set(pairs.map((p) => p.correlationId)))) {
    const rows = await runQuery<StepRow>(
      ch,
      "replay-lookup",
      // The route columns, never the payload: random correlation ids touch most granules (migration 0011).
      `SELECT correlation_id AS correlationId, message_id AS messageId, type, status, time, event_id AS eventId, plant,
              lot_id AS lotId, order_id AS orderId, error, interface AS iface, from_system AS fromSystem, to_system AS toSystem
       FROM events
       WHERE correlation_id IN {ids:Array(String)} AND message_id != '' AND startsWith(type, {prefix:String})
       ORDER BY correlation_id, message_id, time, event_id
       LIMIT 1 BY event_id`,
      { ids, prefix: TELEMETRY_TYPE_PREFIX },
    );
    const grouped = new Map<string, StepRow[]>();
    for (const r of rows) {
      const key = messageKey(r.correlationId, r.messageId);
      if (!wanted.has(key)) continue;
      const list = grouped.get(key);
      if (list) list.push(r);
      else grouped.set(key, [r]);
    }
    for (const [key, steps] of grouped) out.set(key, summarize(steps));
  }
  return out;
}

function summarize(rows: StepRow[]): ReplayMessage {
  const first = rows[0]!;
  const routed = rows.find((r) => r.iface !== "") ?? first;
  const steps: MessageStep[] = rows.map((r) => ({ type: r.type, status: r.status, time: r.time, eventId: r.eventId }));
  const { outcome, replayedOk, replays } = lastOutcome(steps);
  const received = rows.find((r) => r.type === TELEMETRY_TYPES.received) ?? first;
  return {
    correlationId: first.correlationId,
    messageId: first.messageId,
    plant: rows.find((r) => r.plant !== "")?.plant ?? "",
    interface: routed.iface,
    from: routed.fromSystem,
    to: routed.toSystem,
    lots: [...new Set(rows.map((r) => r.lotId).filter((l) => l !== ""))],
    orders: [...new Set(rows.map((r) => r.orderId).filter((o) => o !== ""))],
    outcome,
    replayedOk,
    replays,
    receivedAt: chTimeToIso(received.time),
    lastError: [...rows].reverse().find((r) => r.error !== "")?.error ?? "",
  };
}

interface OriginalRow {
  correlationId: string;
  id: string;
  type: string;
  source: string;
  system: string;
  time: string;
  subject: string;
  plant: string;
  lotId: string;
  orderId: string;
  messageId: string;
  traceId: string;
  spanId: string;
  origin: string;
  payload: string;
}

/**
 * For each message, the newest business event its `from` system reported on the same
 * correlation id at or before the middleware received it: what was handed off. Re-publications
 * of earlier replays (`replay_of` set, same time as the original) are never the original.
 */
export async function lookupOriginals(ch: ClickHouseClient, messages: readonly ReplayMessage[]): Promise<Map<string, OriginalEvent>> {
  const out = new Map<string, OriginalEvent>();
  const byId = new Map<string, ReplayMessage[]>();
  for (const m of messages) {
    const list = byId.get(m.correlationId);
    if (list) list.push(m);
    else byId.set(m.correlationId, [m]);
  }
  for (const ids of idChunks(byId.keys())) {
    const rows = await runQuery<OriginalRow>(
      ch,
      "replay-originals",
      `SELECT correlation_id AS correlationId, event_id AS id, type, source, source_system AS system, time, subject, plant, lot_id AS lotId, order_id AS orderId,
              message_id AS messageId, trace_id AS traceId, span_id AS spanId, origin, payload
       FROM events
       WHERE correlation_id IN {ids:Array(String)} AND NOT startsWith(type, {prefix:String}) AND replay_of = ''
       ORDER BY correlation_id, time, event_id
       LIMIT 1 BY event_id`,
      { ids, prefix: TELEMETRY_TYPE_PREFIX },
    );
    const byCorrelation = new Map<string, OriginalRow[]>();
    for (const r of rows) {
      const list = byCorrelation.get(r.correlationId);
      if (list) list.push(r);
      else byCorrelation.set(r.correlationId, [r]);
    }
    for (const m of ids.flatMap((id) => byId.get(id) ?? [])) {
      const received = m.receivedAt;
      const candidates = (byCorrelation.get(m.correlationId) ?? []).filter((r) => r.system === m.from && chTimeToIso(r.time) <= received);
      const hit = candidates.at(-1);
      if (!hit) continue;
      let data: unknown = null;
      try {
        data = hit.payload === "" ? null : JSON.parse(hit.payload);
      } catch {
        data = hit.payload;
      }
      out.set(messageKey(m.correlationId, m.messageId), {
        id: hit.id,
        type: hit.type,
        source: hit.source,
        system: hit.system,
        time: chTimeToIso(hit.time),
        subject: hit.subject,
        plant: hit.plant,
        lotId: hit.lotId,
        orderId: hit.orderId,
        messageId: hit.messageId,
        traceId: hit.traceId,
        spanId: hit.spanId,
        kafka: parseStoredOrigin(hit.origin).kafka ?? null,
        data,
      });
    }
  }
  return out;
}

/**
 * The deliveries per (interface, business key) that could supersede a message: keys are
 * `lot:<id>` or `order:<id>`, each with the earliest hand-off among the messages naming it, so
 * a delivery on a key before every message of that key is not read further. One read of
 * `deliveries_by_key` (ClickHouse migration 0012), whose primary key starts with the key.
 */
export async function latestDeliveries(ch: ClickHouseClient, since: ReadonlyMap<string, string>): Promise<Map<string, { time: string; correlationId: string; messageId: string }[]>> {
  const out = new Map<string, { time: string; correlationId: string; messageId: string }[]>();
  if (since.size === 0) return out;
  const earliest = [...since.values()].reduce((min, t) => (t < min ? t : min));
  for (const keys of idChunks(since.keys())) {
    const rows = await runQuery<{ key: string; iface: string; correlationId: string; messageId: string; last: string }>(
      ch,
      "replay-supersession",
      `SELECT key, interface AS iface, correlation_id AS correlationId, message_id AS messageId, max(time) AS last
       FROM deliveries_by_key
       WHERE key IN {keys:Array(String)} AND time >= parseDateTime64BestEffort({since:String}, 3, 'UTC')
       GROUP BY key, iface, correlationId, messageId`,
      { keys, since: earliest.replace("T", " ").replace("Z", "") },
    );
    for (const r of rows) {
      const time = chTimeToIso(r.last);
      if (time <= (since.get(r.key) ?? earliest)) continue;
      const k = `${r.iface}\u0000${r.key}`;
      const delivery = { time, correlationId: r.correlationId, messageId: r.messageId };
      const list = out.get(k);
      if (list) list.push(delivery);
      else out.set(k, [delivery]);
    }
  }
  return out;
}
