import { engine, onCluster, type Migration } from "../ddl";

/**
 * `deliveries_by_key`: every delivery as `lot:<id>` and `order:<id>` with its interface and
 * message, keyed by the business key. A replay's supersession check ("was a newer message of
 * this interface for this lot or order delivered since?") read the delivering correlation ids
 * from events_by_lot and events_by_order, then their interfaces from `events` by correlation id:
 * a second pass over nearly every granule of `events` for a 10,000-message dry run. Here one
 * read by key answers it. Only deliveries are kept, so the table is a fraction of `events`; the
 * backfill repeats harmlessly (ReplacingMergeTree on the event id).
 */
export const DELIVERIES_BY_KEY_SELECT = `SELECT arrayJoin(arrayFilter(k -> k != '', [if(lot_id != '', concat('lot:', lot_id), ''), if(order_id != '', concat('order:', order_id), '')])) AS key,
  time, event_id, interface, correlation_id, message_id
FROM events
WHERE type = 'integration.message.delivered' AND message_id != '' AND (lot_id != '' OR order_id != '')`;

export const migration0012: Migration = {
  version: 12,
  name: "deliveries_by_key",
  statements: (ctx) => [
    `CREATE TABLE IF NOT EXISTS deliveries_by_key${onCluster(ctx)} (
  key String,
  time DateTime64(3, 'UTC'),
  event_id String,
  interface LowCardinality(String),
  correlation_id String,
  message_id String
) ENGINE = ${engine(ctx, "ReplacingMergeTree")}
PARTITION BY toYYYYMM(time)
ORDER BY (key, time, event_id)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS deliveries_by_key_mv${onCluster(ctx)} TO deliveries_by_key AS
${DELIVERIES_BY_KEY_SELECT}`,
    `INSERT INTO deliveries_by_key ${DELIVERIES_BY_KEY_SELECT}`,
  ],
};
