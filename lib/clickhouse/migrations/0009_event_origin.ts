import { onCluster, type Migration } from "../ddl";

/**
 * What a replay needs to re-send an event as it came: its CloudEvents `subject`, the id of the
 * event it replays (`replayof`), and for Kafka its transport origin (topic, partition, offset,
 * key, headers) as compact JSON. Empty defaults: rows of channels without them omit the fields
 * and cost the insert nothing; rows already stored read as empty.
 */
export const migration0009: Migration = {
  version: 9,
  name: "event_origin",
  statements: (ctx) => [
    `ALTER TABLE events${onCluster(ctx)} ADD COLUMN IF NOT EXISTS subject String DEFAULT ''`,
    `ALTER TABLE events${onCluster(ctx)} ADD COLUMN IF NOT EXISTS replay_of String DEFAULT ''`,
    `ALTER TABLE events${onCluster(ctx)} ADD COLUMN IF NOT EXISTS origin String DEFAULT '' CODEC(ZSTD(3))`,
  ],
};
