import type { Producer } from "kafkajs";
import { Kafka, logLevel } from "kafkajs";
import { saslOptions } from "../../ingest/sources/kafka";
import { httpSender, kafkaSender, type Sender } from "../../lib/replay/senders";
import type { Job } from "../jobs";
import { createReplayWorker } from "./replay-worker";

export interface ReplayJobOptions {
  intervalMs: number;
}

/**
 * The replay worker as a scheduled job: every interval it works the running tasks until each is
 * done or paused. A run still going when the next is due is not stacked (the registry skips it),
 * so one process sends each task's items in order.
 */
export function replayWorkerJob(options: ReplayJobOptions): Job & { close(): Promise<void> } {
  let worker: ReturnType<typeof createReplayWorker> | null = null;
  let producer: Promise<Producer> | null = null;
  return {
    name: "replay-worker",
    intervalMs: options.intervalMs,
    async run(ctx, signal) {
      const { db } = ctx;
      if (!db) throw new Error("the replay worker needs the relational database (tasks live there)");
      const http = httpSender(process.env);
      const kafka = kafkaSender(() => {
        const config = ctx.config.kafka;
        if (!config) return Promise.reject(new Error("KAFKA_BROKERS is not set; a Kafka replay target cannot be reached"));
        producer ??= (async () => {
          const p = new Kafka({ clientId: `${config.clientId}-replay`, brokers: config.brokers, ssl: config.ssl, sasl: saslOptions(config), logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
          await p.connect();
          return p;
        })().catch((error: unknown) => {
          producer = null;
          throw error;
        });
        return producer;
      });
      worker ??= createReplayWorker({
        db,
        clickhouse: ctx.clickhouse,
        senderFor: (target): Sender => (target.kind === "kafka" ? kafka : http),
        log: ctx.log,
      });
      await worker.cycle(signal);
    },
    async close() {
      const p = producer;
      producer = null;
      if (p) await (await p).disconnect();
    },
  };
}
