// The peer of `npm run bench:ingest`, in a process of its own: ClickHouse's Kafka table engine inside
// chDB consuming a topic into the product's tables (events_ingest, so the same views), timed until
// every event is in `events`. chDB's Kafka engine does not start in a process that already closed a
// chDB session, and bench:ingest opens several, so it runs this.
//   node --import tsx --conditions=react-server scripts/bench-ingest-peer.ts <broker> <topic> <events> <consumers>
// Prints one line of JSON: { "seconds": … }.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { createClickHouse } from "../lib/clickhouse/client";
import { migrateClickHouse } from "../lib/clickhouse/migrate";
import { EVENTS_INGEST_COLUMNS } from "../lib/clickhouse/migrations/0013_events_ingest";

const [broker, topic, expected, consumers] = z
  .tuple([z.string().regex(/^[\w.-]+:\d+$/), z.string().regex(/^[\w.-]+$/), z.coerce.number().int().positive(), z.coerce.number().int().min(1).max(16)])
  .parse(process.argv.slice(2));

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "lotline-bench-peer-"));
  const clickhouse = await createClickHouse({ mode: "embedded", path: dir, database: "default", cluster: undefined });
  await migrateClickHouse(clickhouse, {});
  const count = async () => Number((await (await clickhouse.query({ query: "SELECT count() AS n FROM events", format: "JSONEachRow" })).json<{ n: string }>())[0]!.n);
  // Identifiers and engine settings cannot be parameters: broker and topic are validated above.
  // One thread per consumer, so they insert in parallel; flushed every 500 ms so the last partial block does not wait the default 7.5 s.
  await clickhouse.command({
    query: `CREATE TABLE peer_queue ${EVENTS_INGEST_COLUMNS} ENGINE = Kafka
SETTINGS kafka_broker_list = '${broker}', kafka_topic_list = '${topic}', kafka_group_name = 'bench-peer-${randomUUID()}', kafka_format = 'JSONEachRow',
  kafka_num_consumers = ${consumers}, kafka_thread_per_consumer = 1, kafka_max_block_size = 65536, kafka_flush_interval_ms = 500`,
  });
  const started = performance.now();
  await clickhouse.command({ query: "CREATE MATERIALIZED VIEW peer_mv TO events_ingest AS SELECT * FROM peer_queue" });
  while ((await count()) < expected) await sleep(100);
  const seconds = (performance.now() - started) / 1000;
  await clickhouse.command({ query: "DROP VIEW peer_mv" });
  await clickhouse.command({ query: "DROP TABLE peer_queue" });
  const stored = await count();
  await clickhouse.close();
  rmSync(dir, { recursive: true, force: true });
  if (stored !== expected) throw new Error(`peer run wrote ${stored} rows, expected ${expected}`);
  console.log(JSON.stringify({ seconds }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
