import type { Admin } from "kafkajs";

/** Messages of a topic not yet committed by a consumer group, over all partitions (0 = caught up). */
export async function committedLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [end, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  // A partition the group never committed reports offset -1: all of it is lag.
  const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  return end.reduce((lag, p) => lag + Number(p.high) - Math.max(Number(p.low), done.get(p.partition) ?? 0), 0);
}
