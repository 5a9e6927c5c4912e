import type { ClickHouseClient } from "@clickhouse/client";

export interface OffsetRange {
  first: number;
  last: number;
}

export interface PartitionKey {
  groupId: string;
  topic: string;
  partition: number;
}

/** The write-ahead record of the Kafka source in ClickHouse (table kafka_offsets). */
export function createOffsetStore(client: ClickHouseClient) {
  return {
    /** The last range announced for a partition, or null if this group never wrote it. */
    async lastRange(key: PartitionKey): Promise<OffsetRange | null> {
      const rs = await client.query({
        query: `SELECT first_offset, last_offset FROM kafka_offsets FINAL
                WHERE group_id = {groupId:String} AND topic = {topic:String} AND partition = {partition:Int32}`,
        query_params: { ...key },
        format: "JSONEachRow",
      });
      const [row] = await rs.json<{ first_offset: string; last_offset: string }>();
      return row ? { first: Number(row.first_offset), last: Number(row.last_offset) } : null;
    },

    async announce(key: PartitionKey, range: OffsetRange): Promise<void> {
      await client.insert({
        table: "kafka_offsets",
        values: [{ group_id: key.groupId, topic: key.topic, partition: key.partition, first_offset: range.first, last_offset: range.last }],
        format: "JSONEachRow",
      });
    },
  };
}

export type OffsetStore = ReturnType<typeof createOffsetStore>;
