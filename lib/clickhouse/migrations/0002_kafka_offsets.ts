import { engine, onCluster, type Migration } from "../ddl";

/**
 * The Kafka source's write-ahead record: before each insert it stores the offset range it is
 * about to write. After a crash or a rebalance the next owner of the partition re-sends
 * exactly that range with the same deduplication token, so ClickHouse drops what it already
 * holds, whatever batch boundaries the new fetch has (docs/ingest-guarantees.md).
 */
export const migration0002: Migration = {
  version: 2,
  name: "kafka_offsets",
  statements: (ctx) => [
    `CREATE TABLE IF NOT EXISTS kafka_offsets${onCluster(ctx)} (
  group_id String,
  topic String,
  partition Int32,
  first_offset Int64,
  last_offset Int64,
  written_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ${engine(ctx, "ReplacingMergeTree", "last_offset")}
ORDER BY (group_id, topic, partition)`,
    // A re-sent range must be dropped by every table it reaches: dead letters and each
    // materialized view's target deduplicate only with their own window (replicated tables
    // have one by default, a plain MergeTree's is 0 and the token is then silently ignored).
    ...(ctx.cluster
      ? []
      : ["dead_letters", "events_by_lot", "events_by_order", "events_failed", "events_per_minute"].map(
          (table) => `ALTER TABLE ${table} MODIFY SETTING non_replicated_deduplication_window = 1000`,
        )),
  ],
};
