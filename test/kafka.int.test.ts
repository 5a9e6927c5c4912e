import { randomUUID } from "node:crypto";
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKafka, type KafkaBroker } from "./kafka-harness";

let broker: KafkaBroker;
let kafka: Kafka;
let producer: Producer | undefined;
let consumer: Consumer | undefined;

beforeAll(async () => {
  broker = await startKafka();
  kafka = new Kafka({ clientId: "lotline-harness-test", brokers: broker.brokers, logLevel: logLevel.NOTHING });
}, 300_000);

afterAll(async () => {
  await consumer?.disconnect();
  await producer?.disconnect();
  await broker?.stop();
}, 60_000);

describe("the Kafka test harness (a real Apache Kafka broker)", () => {
  it("round-trips 100 keyed messages with headers through a consumer group, in order per key", async () => {
    const topic = `harness-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();

    const sent = Array.from({ length: 100 }, (_, i) => ({
      key: `corr-${i % 7}`,
      value: JSON.stringify({ seq: i, lot: `L-${i}` }),
      headers: { ce_id: `evt-${i}`, ce_type: "mfg.lot.produced" },
    }));
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: sent });

    const received: { key: string; seq: number; lot: string; ceId: string; ceType: string; partition: number }[] = [];
    consumer = kafka.consumer({ groupId: `harness-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer!.run({
        eachMessage: async ({ message, partition }) => {
          const body = JSON.parse(message.value!.toString()) as { seq: number; lot: string };
          received.push({
            key: message.key!.toString(),
            seq: body.seq,
            lot: body.lot,
            ceId: message.headers!.ce_id!.toString(),
            ceType: message.headers!.ce_type!.toString(),
            partition,
          });
          if (received.length === sent.length) resolve();
        },
      });
    });
    await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${received.length} of 100 arrived`)), 60_000))]);

    expect(received.map((r) => r.seq).sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
    for (const r of received) {
      expect(r.key).toBe(`corr-${r.seq % 7}`);
      expect(r.lot).toBe(`L-${r.seq}`);
      expect(r.ceId).toBe(`evt-${r.seq}`);
      expect(r.ceType).toBe("mfg.lot.produced");
    }
    // One key lives on one partition, so each key's messages arrive in the order they were sent.
    for (let k = 0; k < 7; k++) {
      const ofKey = received.filter((r) => r.key === `corr-${k}`);
      expect(new Set(ofKey.map((r) => r.partition)).size).toBe(1);
      expect(ofKey.map((r) => r.seq)).toEqual([...ofKey.map((r) => r.seq)].sort((a, b) => a - b));
    }
    expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);
  }, 120_000);
});
