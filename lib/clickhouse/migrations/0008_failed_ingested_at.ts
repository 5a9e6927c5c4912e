import { onCluster, type Migration } from "../ddl";

/**
 * When each failed event arrived, so the exceptions job can read events_failed by arrival: an
 * event whose own time is older than what the job already read (a producer catching up, history
 * replayed) is still found. Filled by the column's default as the existing view inserts, so the
 * ingest path does no more work; rows already stored get the time of this migration.
 */
export const migration0008: Migration = {
  version: 8,
  name: "failed_ingested_at",
  statements: (ctx) => [
    `ALTER TABLE events_failed${onCluster(ctx)} ADD COLUMN IF NOT EXISTS ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)`,
    `ALTER TABLE events_failed${onCluster(ctx)} ADD INDEX IF NOT EXISTS ix_ingested_at ingested_at TYPE minmax GRANULARITY 1`,
    `ALTER TABLE events_failed${onCluster(ctx)} MATERIALIZE COLUMN ingested_at`,
  ],
};
