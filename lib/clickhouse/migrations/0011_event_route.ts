import { onCluster, type Migration } from "../ddl";

/**
 * A telemetry event's route — interface, from and to system — as columns. They lived only in
 * the payload, so every replay lookup by correlation id decompressed the payload of nearly every
 * granule it touched (random correlation ids touch most of them): a 10,000-message dry run read
 * the payload column five times over at 10M events. Ingest always sends the three values (empty
 * for business events), so the defaults are never computed on insert; they fill the rows stored
 * before this migration, which MATERIALIZE writes once in the background.
 */
export const migration0011: Migration = {
  version: 11,
  name: "event_route",
  statements: (ctx) => [
    `ALTER TABLE events${onCluster(ctx)} ADD COLUMN IF NOT EXISTS interface LowCardinality(String) DEFAULT if(kind = 'telemetry', JSONExtractString(payload, 'interface'), '')`,
    `ALTER TABLE events${onCluster(ctx)} ADD COLUMN IF NOT EXISTS from_system LowCardinality(String) DEFAULT if(kind = 'telemetry', JSONExtractString(payload, 'from'), '')`,
    `ALTER TABLE events${onCluster(ctx)} ADD COLUMN IF NOT EXISTS to_system LowCardinality(String) DEFAULT if(kind = 'telemetry', JSONExtractString(payload, 'to'), '')`,
    `ALTER TABLE events${onCluster(ctx)} MATERIALIZE COLUMN interface`,
    `ALTER TABLE events${onCluster(ctx)} MATERIALIZE COLUMN from_system`,
    `ALTER TABLE events${onCluster(ctx)} MATERIALIZE COLUMN to_system`,
  ],
};
