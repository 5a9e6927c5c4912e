import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { runQuery } from "../clickhouse/query";
import { loadLotExceptions } from "../slas/sla-views";
import { chTimeToIso, toClickHouseTime } from "../clickhouse/time";
import { TELEMETRY_TYPES } from "../workflows/catalog";
import { groupKeyOf, type ExceptionInput, type ExceptionKind } from "./exception-input";

/** A read position in a source: rows strictly after (time, key). */
export interface Cursor {
  time: Date;
  key: string;
}

export interface SourceBatch {
  items: ExceptionInput[];
  /** Where the next read starts; the same cursor when nothing was read. */
  next: Cursor;
  /** Rows read (a full batch means more may wait). */
  rows: number;
}

const ms = (iso: string) => new Date(chTimeToIso(iso));

interface FailedRow {
  time: string;
  ingested_at: string;
  event_id: string;
  correlation_id: string;
  plant: string;
  source_system: string;
  status: string;
  lot_id: string;
  order_id: string;
  message_id: string;
  error: string;
  iface: string;
  from_system: string;
  to_system: string;
  http_status: string;
}

/**
 * Failed and dead-lettered integration messages that arrived after the cursor (by arrival, so an
 * event with an old time is still found), one exception per message (its attempts are one
 * exception). `settleBefore` holds back rows that arrived since, so a batch still being
 * written when the job reads is not passed by the cursor. Routing fields
 * (interface, from, to, httpStatus) are in the event payload, read by correlation id, which
 * leads the events table's key.
 */
export async function readFailedMessages(ch: ClickHouseClient, after: Cursor, settleBefore: Date, limit: number): Promise<SourceBatch> {
  const rows = await runQuery<FailedRow>(
    ch,
    "exceptions-failed",
    `WITH batch AS (
  SELECT time, ingested_at, event_id, correlation_id, plant, source_system, status, lot_id, order_id, message_id, error
  FROM events_failed
  WHERE ingested_at >= {after:DateTime64(3, 'UTC')} AND (ingested_at > {after:DateTime64(3, 'UTC')} OR event_id > {afterKey:String}) AND ingested_at < {settle:DateTime64(3, 'UTC')}
  ORDER BY ingested_at, event_id
  LIMIT 1 BY event_id
  LIMIT {limit:UInt32}
)
SELECT b.time AS time, b.ingested_at AS ingested_at, b.event_id AS event_id, b.correlation_id AS correlation_id, b.plant AS plant, b.source_system AS source_system,
  b.status AS status, b.lot_id AS lot_id, b.order_id AS order_id, b.message_id AS message_id, b.error AS error, r.iface AS iface, r.from_system AS from_system, r.to_system AS to_system, if(r.http_status != '', r.http_status, s.http_status) AS http_status
FROM batch AS b
LEFT JOIN (
  -- One parse of the payload for the four fields, not one per field.
  WITH JSONExtract(payload, 'Tuple(interface String, from String, to String, httpStatus Nullable(Int64))') AS p
  SELECT event_id, p.1 AS iface, p.2 AS from_system, p.3 AS to_system, ifNull(toString(p.4), '') AS http_status
  FROM events
  WHERE correlation_id IN (SELECT correlation_id FROM batch) AND event_id IN (SELECT event_id FROM batch)
  LIMIT 1 BY event_id
) AS r ON r.event_id = b.event_id
LEFT JOIN (
  -- A dead letter names no HTTP status: its message's last failed attempt does.
  SELECT correlation_id, message_id, toString(argMax(JSONExtractInt(payload, 'httpStatus'), time)) AS http_status
  FROM events
  WHERE correlation_id IN (SELECT correlation_id FROM batch WHERE status = 'dead_lettered') AND status = 'failed' AND message_id != '' AND JSONHas(payload, 'httpStatus')
  GROUP BY correlation_id, message_id
) AS s ON s.correlation_id = b.correlation_id AND s.message_id = b.message_id
ORDER BY b.ingested_at, b.event_id`,
    { after: toClickHouseTime(after.time), afterKey: after.key, settle: toClickHouseTime(settleBefore), limit },
  );
  const items = rows.map((r): ExceptionInput => {
    const messageId = r.message_id;
    const kind: ExceptionKind = "integration";
    const lots = r.lot_id ? [r.lot_id] : [];
    const orders = r.order_id ? [r.order_id] : [];
    return {
      id: messageId ? `msg:${r.correlation_id}:${messageId}` : `ev:${r.event_id}`,
      kind,
      plant: r.plant,
      correlationId: r.correlation_id,
      messageId,
      lots,
      orders,
      error: r.error,
      occurredAt: ms(r.time),
      status: "open",
      closedReason: "",
      evidence: `/trace/${encodeURIComponent(r.correlation_id)}`,
      group: groupKeyOf(kind, {
        from: r.from_system || r.source_system,
        to: r.to_system,
        interface: r.iface,
        code: r.http_status,
        message: r.error || (r.status === "dead_lettered" ? "dead-lettered" : "failed"),
        ids: [...lots, ...orders, r.correlation_id, messageId],
      }),
    };
  });
  const last = rows.at(-1);
  return { items, rows: rows.length, next: last ? { time: ms(last.ingested_at), key: last.event_id } : after };
}

interface BreachRow {
  breach_id: string;
  kind: string;
  definition: string;
  plant: string;
  stage: string;
  correlation_id: string;
  started_at: string;
  status: string;
  summary: string;
  updated_at: string;
  lots: string[];
  orders: string[];
}

const BREACH_KINDS: Record<string, ExceptionKind> = { end_to_end: "end_to_end", stage: "stage", missing_response: "missing_response", volume: "volume", burn_rate: "burn_rate" };

/** SLA breaches and non-events written or changed after the cursor (the evaluator stamps updated_at). */
export async function readBreaches(ch: ClickHouseClient, after: Cursor, limit: number): Promise<SourceBatch> {
  const rows = await runQuery<BreachRow>(
    ch,
    "exceptions-breaches",
    `SELECT b.breach_id, b.kind, b.definition, b.plant, b.stage, b.correlation_id, b.started_at, b.status, b.summary, b.updated_at, w.lots, w.orders
FROM (
  SELECT breach_id, kind, definition, plant, stage, correlation_id, started_at, status, summary, updated_at
  FROM sla_breaches FINAL
  WHERE updated_at >= {after:DateTime64(3, 'UTC')} AND (updated_at > {after:DateTime64(3, 'UTC')} OR breach_id > {afterKey:String})
  ORDER BY updated_at, breach_id
  LIMIT {limit:UInt32}
) AS b
LEFT JOIN (
  SELECT correlation_id, groupUniqArrayArray(lots) AS lots, groupUniqArrayArray(orders) AS orders
  FROM workflow_instances
  WHERE correlation_id IN (
    SELECT correlation_id FROM sla_breaches FINAL
    WHERE updated_at >= {after:DateTime64(3, 'UTC')} AND correlation_id != ''
  )
  GROUP BY correlation_id
) AS w ON w.correlation_id = b.correlation_id
ORDER BY b.updated_at, b.breach_id`,
    { after: toClickHouseTime(after.time), afterKey: after.key, limit },
  );
  const items = rows.map((r): ExceptionInput => {
    const kind = BREACH_KINDS[r.kind] ?? "stage";
    return {
      id: r.breach_id,
      kind,
      plant: r.plant,
      correlationId: r.correlation_id,
      messageId: "",
      lots: r.lots ?? [],
      orders: r.orders ?? [],
      error: r.summary,
      occurredAt: ms(r.started_at),
      status: r.status === "closed" ? "closed" : "open",
      closedReason: r.status === "closed" ? "the SLA engine closed the breach" : "",
      evidence: r.correlation_id ? `/trace/${encodeURIComponent(r.correlation_id)}` : `/slas?definition=${encodeURIComponent(r.definition)}`,
      // One group per definition, stage and kind: the summary names the instance and how late it is.
      group: groupKeyOf(kind, { interface: r.definition, code: r.stage, message: `${r.kind.replace(/_/g, " ")} of ${r.definition}${r.stage ? ` at ${r.stage}` : ""}`, workflow: r.definition }),
    };
  });
  const last = rows.at(-1);
  return { items, rows: rows.length, next: last ? { time: ms(last.updated_at), key: last.breach_id } : after };
}

interface DeadLetterRow {
  received_at: string;
  channel: string;
  request_id: string;
  event_id: string;
  reason: string;
  topic: string;
}

/** Input the ingest rejected, after the cursor. It names no plant one could trust: only unscoped users see it. */
export async function readDeadLetters(ch: ClickHouseClient, after: Cursor, limit: number): Promise<SourceBatch> {
  const rows = await runQuery<DeadLetterRow>(
    ch,
    "exceptions-dead-letters",
    `SELECT received_at, channel, request_id, event_id, reason, topic, concat(request_id, ':', event_id) AS row_key
FROM dead_letters
WHERE received_at >= {after:DateTime64(3, 'UTC')} AND (received_at > {after:DateTime64(3, 'UTC')} OR concat(request_id, ':', event_id) > {afterKey:String})
ORDER BY received_at, row_key
LIMIT {limit:UInt32}`,
    { after: toClickHouseTime(after.time), afterKey: after.key, limit },
  );
  const items = rows.map((r): ExceptionInput => ({
    id: `dl:${r.request_id}:${r.event_id}`,
    kind: "ingest_dead_letter",
    plant: "",
    correlationId: "",
    messageId: r.event_id,
    lots: [],
    orders: [],
    error: r.reason,
    occurredAt: ms(r.received_at),
    status: "open",
    closedReason: "",
    evidence: `/admin/ingest-errors?request=${encodeURIComponent(r.request_id)}`,
    group: groupKeyOf("ingest_dead_letter", { interface: r.channel, code: r.topic, message: r.reason }),
  }));
  const last = rows.at(-1);
  return { items, rows: rows.length, next: last ? { time: ms(last.received_at), key: `${last.request_id}:${last.event_id}` } : after };
}

export interface Delivery {
  correlationId: string;
  messageId: string;
  deliveredAt: Date;
  /** A replay came before the delivery: the replay, not a retry, delivered it. */
  replayed: boolean;
}

/** Deliveries of these messages after the given times, read by correlation id (the events table's leading key). */
export async function readDeliveries(ch: ClickHouseClient, messages: { correlationId: string; messageId: string; after: Date }[]): Promise<Delivery[]> {
  if (messages.length === 0) return [];
  const rows = await runQuery<{ correlation_id: string; message_id: string; delivered_at: string; replayed_at: string | null }>(
    ch,
    "exceptions-deliveries",
    `SELECT correlation_id, message_id, maxIf(time, type = {delivered:String}) AS delivered_at, maxIf(time, type = {replayed:String}) AS replayed_at
FROM events
WHERE correlation_id IN {corr:Array(String)} AND message_id IN {msg:Array(String)} AND type IN ({delivered:String}, {replayed:String})
GROUP BY correlation_id, message_id
HAVING countIf(type = {delivered:String}) > 0`,
    { corr: [...new Set(messages.map((m) => m.correlationId))], msg: [...new Set(messages.map((m) => m.messageId))], delivered: TELEMETRY_TYPES.delivered, replayed: TELEMETRY_TYPES.replayed },
  );
  const after = new Map(messages.map((m) => [`${m.correlationId}\u0000${m.messageId}`, m.after.getTime()]));
  return rows.flatMap((r) => {
    const failedAt = after.get(`${r.correlation_id}\u0000${r.message_id}`);
    const deliveredAt = ms(r.delivered_at);
    if (failedAt === undefined || deliveredAt.getTime() <= failedAt) return [];
    const replayedAt = r.replayed_at ? ms(r.replayed_at).getTime() : 0;
    return [{ correlationId: r.correlation_id, messageId: r.message_id, deliveredAt, replayed: replayedAt > failedAt && replayedAt <= deliveredAt.getTime() }];
  });
}

/**
 * Lots whose systems have disagreed for longer than `graceMs` (held in one, released in another),
 * as the worklist shows them. Read whole each cycle: the set is small and a lot leaving it is
 * the sign that its systems agree again.
 */
export async function readDivergentLots(ch: ClickHouseClient, graceMs: number, now: number): Promise<ExceptionInput[]> {
  const { items } = await loadLotExceptions(ch, null, now);
  return items
    .filter((l) => l.divergent && l.divergentSince !== null && now - Date.parse(l.divergentSince) >= graceMs)
    .map((l): ExceptionInput => {
      const held = l.blocked.map((b) => b.system).sort();
      const released = [...l.releasedIn].sort();
      return {
        id: `div:${l.lotId}`,
        kind: "divergence",
        plant: l.plant,
        correlationId: "",
        messageId: "",
        lots: [l.lotId],
        orders: [],
        error: `lot ${l.lotId} held in ${held.join(", ")} but released in ${released.join(", ")}`,
        occurredAt: new Date(l.divergentSince!),
        status: "open",
        closedReason: "",
        evidence: `/lots/${encodeURIComponent(l.lotId)}`,
        group: groupKeyOf("divergence", { message: `held in ${held.join(", ")} but released in ${released.join(", ")}`, systems: [...held, ...released] }),
      };
    });
}
