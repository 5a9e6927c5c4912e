import { dedupSettings, engine, onCluster, type Migration } from "../ddl";

/**
 * The raw events table, keyed for the trace lookup (correlation id leads the primary key),
 * and lookup tables keyed by lot and by order fed by materialized views — see
 * docs/clickhouse-model.md for why bloom-filter skip indexes are not used for point lookups.
 */
export const migration0001: Migration = {
  version: 1,
  name: "events",
  statements: (ctx) => {
    const settings = dedupSettings(ctx);
    const withSettings = settings ? `\nSETTINGS ${settings}` : "";
    return [
      `CREATE TABLE IF NOT EXISTS events${onCluster(ctx)} (
  event_id String,
  time DateTime64(3, 'UTC'),
  ingested_at DateTime64(3, 'UTC') DEFAULT now64(3),
  kind LowCardinality(String),
  source_system LowCardinality(String),
  source String,
  type LowCardinality(String),
  plant LowCardinality(String),
  correlation_id String,
  trace_id String,
  span_id String,
  lot_id String,
  order_id String,
  message_id String,
  status LowCardinality(String),
  duration_ms UInt32,
  error String,
  payload String CODEC(ZSTD(3))
) ENGINE = ${engine(ctx, "ReplacingMergeTree", "ingested_at")}
PARTITION BY toYYYYMM(time)
ORDER BY (correlation_id, time, event_id)${withSettings}`,

      `CREATE TABLE IF NOT EXISTS events_by_lot${onCluster(ctx)} (
  lot_id String,
  time DateTime64(3, 'UTC'),
  event_id String,
  correlation_id String,
  order_id String,
  plant LowCardinality(String),
  source_system LowCardinality(String),
  type LowCardinality(String),
  status LowCardinality(String)
) ENGINE = ${engine(ctx, "ReplacingMergeTree")}
PARTITION BY toYYYYMM(time)
ORDER BY (lot_id, time, event_id)`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS events_by_lot_mv${onCluster(ctx)} TO events_by_lot AS
SELECT lot_id, time, event_id, correlation_id, order_id, plant, source_system, type, status
FROM events WHERE lot_id != ''`,

      `CREATE TABLE IF NOT EXISTS events_by_order${onCluster(ctx)} (
  order_id String,
  time DateTime64(3, 'UTC'),
  event_id String,
  correlation_id String,
  lot_id String,
  plant LowCardinality(String),
  source_system LowCardinality(String),
  type LowCardinality(String),
  status LowCardinality(String)
) ENGINE = ${engine(ctx, "ReplacingMergeTree")}
PARTITION BY toYYYYMM(time)
ORDER BY (order_id, time, event_id)`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS events_by_order_mv${onCluster(ctx)} TO events_by_order AS
SELECT order_id, time, event_id, correlation_id, lot_id, plant, source_system, type, status
FROM events WHERE order_id != ''`,

      // Time-ordered so "what failed recently" never scans the raw table.
      `CREATE TABLE IF NOT EXISTS events_failed${onCluster(ctx)} (
  time DateTime64(3, 'UTC'),
  event_id String,
  correlation_id String,
  plant LowCardinality(String),
  source_system LowCardinality(String),
  type LowCardinality(String),
  status LowCardinality(String),
  lot_id String,
  order_id String,
  message_id String,
  error String
) ENGINE = ${engine(ctx, "ReplacingMergeTree")}
PARTITION BY toYYYYMM(time)
ORDER BY (time, event_id)`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS events_failed_mv${onCluster(ctx)} TO events_failed AS
SELECT time, event_id, correlation_id, plant, source_system, type, status, lot_id, order_id, message_id, error
FROM events WHERE status IN ('failed', 'dead_lettered')`,

      // Per-minute rollup for the overview's rates; dashboards never aggregate the raw table.
      `CREATE TABLE IF NOT EXISTS events_per_minute${onCluster(ctx)} (
  minute DateTime('UTC'),
  plant LowCardinality(String),
  source_system LowCardinality(String),
  kind LowCardinality(String),
  status LowCardinality(String),
  events UInt64
) ENGINE = ${engine(ctx, "SummingMergeTree", "events")}
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, plant, source_system, kind, status)`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS events_per_minute_mv${onCluster(ctx)} TO events_per_minute AS
SELECT toStartOfMinute(time) AS minute, plant, source_system, kind, status, count() AS events
FROM events GROUP BY minute, plant, source_system, kind, status`,

      `CREATE TABLE IF NOT EXISTS dead_letters${onCluster(ctx)} (
  received_at DateTime64(3, 'UTC') DEFAULT now64(3),
  channel LowCardinality(String),
  request_id String,
  topic String,
  partition Int32,
  offset Int64,
  event_id String,
  reason String,
  raw String CODEC(ZSTD(3))
) ENGINE = ${engine(ctx, "MergeTree")}
PARTITION BY toYYYYMM(received_at)
ORDER BY (received_at, request_id)`,
    ];
  },
};
