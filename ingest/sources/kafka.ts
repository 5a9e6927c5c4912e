import { setTimeout as sleep } from "node:timers/promises";
import type { Consumer, EachBatchPayload, KafkaMessage, SASLOptions } from "kafkajs";
import { Kafka, logLevel } from "kafkajs";
import type { Config } from "../../lib/config";
import { metrics, observeInsert } from "../../lib/metrics";
import { kafkaOriginJson } from "../../lib/events/kafka-origin";
import { toDeadLetter } from "../classify";
import { decodeKafkaRecord } from "../decode/kafka-cloudevents";
import { forwardEvent, type ForwardLine } from "../forward-event";
import type { DeadLetterRow, EventSink } from "../sinks/clickhouse";
import type { OffsetRange, OffsetStore, PartitionKey } from "./kafka-offsets";
import { planPartitionBatch, type PendingResend } from "./partition-plan";

type KafkaConfig = Omit<NonNullable<Config["kafka"]>, "consumers"> & { consumers?: number };

export interface KafkaSourceStats {
  state: "starting" | "running" | "backing-off" | "stopped";
  received: number;
  written: number;
  deadLettered: number;
  resent: number;
  retries: number;
  lastError: string | null;
  /** Messages behind the partition's high watermark after the last batch, per "topic/partition". */
  lag: Record<string, number>;
  lastCommitAt: string | null;
}

export interface KafkaSourceOptions {
  config: KafkaConfig;
  sink: EventSink;
  offsets: OffsetStore;
  log: (message: string) => void;
  /** Test hook for the crash tests: called between the insert and the offset commit. */
  afterInsert?: (range: OffsetRange) => void;
}

interface Item {
  offset: number;
  message: KafkaMessage;
}

interface PartitionState {
  pending: PendingResend<Item> | null;
}

const MAX_BACKOFF_MS = 5_000;
/**
 * Batches of different partitions in hand at once: while one partition's insert runs (inside
 * chDB, on other threads) the next partition's batch is decoded, so the insert is never idle
 * waiting for JS. Inserts themselves still go one at a time (the sink's lane).
 */
const PARTITIONS_AT_ONCE = 3;

export function saslOptions(config: KafkaConfig): SASLOptions | undefined {
  if (!config.sasl) return undefined;
  const { mechanism, username, password } = config.sasl;
  return { mechanism, username, password } as SASLOptions;
}

/** The insert token of one partition range: equal for a re-send of the same range, unique otherwise. */
export function rangeToken(key: PartitionKey, range: OffsetRange): string {
  return `kafka:${key.groupId}:${key.topic}:${key.partition}:${range.first}-${range.last}`;
}

/**
 * Consumes CloudEvents from Kafka into ClickHouse, effectively once: each fetched batch of a
 * partition is announced in kafka_offsets, inserted with a deduplication token for its offset
 * range, and only then committed. While ClickHouse fails the source retries the same range
 * with backoff (consuming nothing new, committing nothing); see docs/ingest-guarantees.md.
 */
export function createKafkaSource(options: KafkaSourceOptions) {
  const { config, sink, offsets, log } = options;
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    ssl: config.ssl,
    sasl: saslOptions(config),
    logLevel: logLevel.NOTHING,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
  });
  const stats: KafkaSourceStats = { state: "starting", received: 0, written: 0, deadLettered: 0, resent: 0, retries: 0, lastError: null, lag: {}, lastCommitAt: null };
  let stopping = false;

  /** Runs a ClickHouse step until it succeeds, heart-beating so the group keeps the partition. */
  async function untilDone<T>(what: string, step: () => Promise<T>, payload: EachBatchPayload): Promise<{ value: T } | null> {
    let backoff = 200;
    for (;;) {
      try {
        const value = await step();
        if (stats.state === "backing-off") log(`kafka: ${what} succeeded again, resuming`);
        stats.state = "running";
        metrics().kafkaBackingOff.set(0);
        return { value };
      } catch (error) {
        stats.retries += 1;
        metrics().retries.inc({ pipeline: "kafka" });
        metrics().kafkaBackingOff.set(1);
        stats.lastError = `${what}: ${error instanceof Error ? error.message : String(error)}`;
        if (stats.state !== "backing-off") log(`kafka: ${stats.lastError}; retrying with backoff, consuming nothing new`);
        stats.state = "backing-off";
      }
      if (stopping || !payload.isRunning() || payload.isStale()) return null;
      await sleep(backoff);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      await payload.heartbeat().catch(() => {});
    }
  }

  function deadLetter(key: PartitionKey, { offset, message: m }: Item, raw: unknown, reason: string, id: string | null): DeadLetterRow {
    const ctx = { channel: "kafka" as const, requestId: `${key.topic}/${key.partition}/${offset}`, topic: key.topic, partition: key.partition, offset };
    // A binary-mode record without a value keeps its attributes as the raw input.
    return toDeadLetter(ctx, m.value?.toString("utf8") ?? raw, reason, id);
  }

  /** Structured-mode values are forwarded as the bytes they arrived as; binary-mode events are put together from their headers. */
  function toLines(key: PartitionKey, items: Item[]) {
    const lines: ForwardLine[] = [];
    const sent: { item: Item; id: string }[] = [];
    const times: number[] = [];
    const dead: DeadLetterRow[] = [];
    for (const item of items) {
      const m = item.message;
      const decoded = decodeKafkaRecord(m);
      if (!decoded.ok) {
        dead.push(deadLetter(key, item, "", decoded.reason, null));
        continue;
      }
      // Key and headers kept so a replay can re-publish the message as it was (docs/replay.md).
      const origin = kafkaOriginJson({ topic: key.topic, partition: key.partition, offset: item.offset }, m, decoded.mode, decoded.event.datacontenttype);
      const forwarded = forwardEvent(decoded.event, { origin, bytes: decoded.mode === "structured" ? m.value! : undefined });
      if (!forwarded.ok) {
        dead.push(deadLetter(key, item, decoded.event, forwarded.reason, forwarded.id));
        continue;
      }
      lines.push(forwarded.line);
      sent.push({ item, id: forwarded.id });
      times.push(forwarded.timeMs);
    }
    return { lines, sent, times, dead };
  }

  /**
   * One member of the group with its own fetch loop. kafkajs fetches the next batches only after
   * every batch of the last fetch was handled, so with one member the insert stood idle while
   * kafkajs fetched and decoded; two members take turns (inserts still go one at a time through
   * the sink). Each keeps the whole protocol above on its own partitions, as two workers would.
   */
  function createMember(n: number) {
    const partitions = new Map<string, PartitionState>();
    function newConsumer(): Consumer {
      const c = kafka.consumer({
        groupId: config.groupId,
        sessionTimeout: config.sessionTimeoutMs,
        heartbeatInterval: Math.max(500, Math.floor(config.sessionTimeoutMs / 10)),
        // One fetch of a partition becomes one insert: this bounds the insert size.
        maxBytesPerPartition: config.maxBytesPerPartition,
        maxBytes: 64 * 1024 * 1024,
        retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
      });
      // After any (re)join another member may have written ranges of our partitions: forget what we knew.
      c.on(c.events.GROUP_JOIN, () => partitions.clear());
      c.on(c.events.CRASH, (event) => {
        stats.lastError = `consumer crashed: ${event.payload.error.message}`;
        log(`kafka: ${stats.lastError}${event.payload.restart ? " (kafkajs restarts it)" : " (starting a new consumer)"}`);
        // kafkajs gives up on some errors after a broker restart (e.g. the coordinator forgot the
        // member); a fresh consumer rejoins the group and resumes from the committed offsets.
        if (!event.payload.restart && !stopping) void restart(c);
      });
      return c;
    }

    let consumer = newConsumer();

    async function restart(crashed: Consumer): Promise<void> {
      if (crashed !== consumer) return;
      stats.state = "starting";
      partitions.clear();
      await crashed.disconnect().catch(() => {});
      consumer = newConsumer();
      await start();
    }

    async function eachBatch(payload: EachBatchPayload) {
      const { batch } = payload;
      const key: PartitionKey = { groupId: config.groupId, topic: batch.topic, partition: batch.partition };
      const id = `${batch.topic}/${batch.partition}`;
      let state = partitions.get(id);
      if (!state) {
        const announced = await untilDone("reading kafka_offsets", () => offsets.lastRange(key), payload);
        if (!announced) return;
        state = { pending: announced.value ? { range: announced.value, carry: [] } : null };
        partitions.set(id, state);
      }
      const items = batch.messages.map((message) => ({ offset: Number(message.offset), message }));
      const plan = planPartitionBatch(state.pending, items, Number(batch.highWatermark));
      state.pending = plan.pending;
      stats.received += items.length;
      metrics().eventsReceived.inc({ source: "kafka" }, items.length);

      for (const write of plan.writes) {
        const token = rangeToken(key, write.range);
        const { lines, sent, times, dead } = toLines(key, write.messages);
        if (!write.resend && !(await untilDone("announcing the offset range", () => offsets.announce(key, write.range), payload))) return;
        const started = performance.now();
        const inserted = await untilDone("inserting events", () => sink.forwardEvents(lines, token), payload);
        if (!inserted) return;
        // Events ClickHouse itself could not read are dead-lettered alone; their neighbours are stored.
        for (const r of inserted.value) {
          const { item, id } = sent[r.index]!;
          dead.push(deadLetter(key, item, "", r.reason, id));
          times[r.index] = Number.NaN;
        }
        observeInsert("kafka", times, (performance.now() - started) / 1000);
        const written = lines.length - inserted.value.length;
        if (!(await untilDone("inserting dead letters", () => sink.writeDeadLetters(dead, token), payload))) return;
        options.afterInsert?.(write.range);
        payload.resolveOffset(String(write.range.last));
        await consumer.commitOffsets([{ topic: key.topic, partition: key.partition, offset: String(write.range.last + 1) }]);
        stats.lastCommitAt = new Date().toISOString();
        stats.written += written;
        stats.deadLettered += dead.length;
        metrics().deadLetters.inc({ source: "kafka" }, dead.length);
        if (write.resend) {
          stats.resent += 1;
          log(`kafka: re-sent announced range ${key.topic}/${key.partition} ${write.range.first}-${write.range.last} (${written} events; ClickHouse drops it if it was written)`);
        }
      }
      if (plan.pending) {
        // Collecting an announced range: mark what we hold as processed in memory only, never committed.
        const last = plan.pending.carry.at(-1);
        if (last) payload.resolveOffset(last.message.offset);
      }
      stats.lag[id] = Math.max(0, Number(batch.highWatermark) - 1 - Number(batch.lastOffset()));
      metrics().kafkaLag.set({ topic: batch.topic, partition: String(batch.partition) }, stats.lag[id]);
      await payload.heartbeat();
    }

    async function start(): Promise<void> {
      let backoff = 500;
      while (!stopping) {
        try {
          await consumer.connect();
          await consumer.subscribe({ topics: config.topics, fromBeginning: true });
          await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: PARTITIONS_AT_ONCE, eachBatch });
          stats.state = "running";
          if (n === 0) log(`kafka: consuming ${config.topics.join(", ")} from ${config.brokers.join(", ")} as group ${config.groupId} (${memberCount} consumer${memberCount === 1 ? "" : "s"})`);
          return;
        } catch (error) {
          stats.lastError = `start: ${error instanceof Error ? error.message : String(error)}`;
          log(`kafka: could not start (${stats.lastError}); retrying in ${backoff} ms`);
          await consumer.disconnect().catch(() => {});
          await sleep(backoff);
          backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
      }
    }

    return {
      start,
      async stop(): Promise<void> {
        await consumer.disconnect();
      },
    };
  }

  const memberCount = config.consumers ?? 2;
  const members = Array.from({ length: memberCount }, (_, n) => createMember(n));

  const source = {
    /** Joins the group and starts consuming; retries until it works (a topic may not exist yet) or stop() is called. */
    async start(): Promise<void> {
      await Promise.all(members.map((m) => m.start()));
    },

    /** Stops fetching, lets the batches in flight finish their insert and commit, then leaves the group. */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.all(members.map((m) => m.stop()));
      stats.state = "stopped";
    },

    stats: (): KafkaSourceStats => ({ ...stats, lag: { ...stats.lag } }),
  };
  return source;
}

export type KafkaSource = ReturnType<typeof createKafkaSource>;
