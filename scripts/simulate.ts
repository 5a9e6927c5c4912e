// `npm run simulate -- --target http|kafka [--rate N] [--duration S] [--seed K] [--plants N]
//   [--backfill MINUTES] [--faults qms-outage,late-erp,lost-hold,duplicates,malformed] [--url URL]`
// Runs the simulated estate in real time and sends its events to a running Lotline (HTTP) or
// to Kafka (KAFKA_BROKERS, first of KAFKA_TOPICS). Deterministic for a seed and start time.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseSimulateArgs, plantCodes, type SimulateArgs } from "../ingest/simulator/cli-args";
import { createSimulator } from "../ingest/simulator/estate";
import { createRng, mixSeed } from "../ingest/simulator/random";
import { httpSender, kafkaSender, type Sender } from "../ingest/simulator/senders";
import { applyStreamFaults } from "../ingest/simulator/stream-faults";

const TICK_MS = 250;

function ingestToken(): string {
  if (process.env.LOTLINE_INGEST_TOKEN) return process.env.LOTLINE_INGEST_TOKEN;
  const file = path.join(process.env.LOTLINE_DATA_DIR ?? "data", ".ingest-token");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    throw new Error(`no ingest token: set LOTLINE_INGEST_TOKEN or start Lotline once so ${file} exists`);
  }
}

async function sender(args: SimulateArgs): Promise<Sender> {
  if (args.target === "http") return httpSender(args.url, ingestToken());
  const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:19092").split(",").map((b) => b.trim());
  const topic = (process.env.KAFKA_TOPICS ?? "lotline.events").split(",")[0]!.trim();
  return kafkaSender(brokers, topic);
}

async function main() {
  const parsed = parseSimulateArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`simulate: ${parsed.message}\nusage: npm run simulate -- --target http|kafka [--rate N] [--duration S] [--seed K] [--plants N] [--backfill MIN] [--faults LIST] [--url URL]`);
    process.exit(2);
  }
  const args = parsed.args;
  const faults = new Set(args.faults);
  const out = await sender(args);
  const started = Date.now();
  const start = new Date(started - args.backfill * 60_000);
  const sim = createSimulator(
    { seed: args.seed, plants: plantCodes(args.plants), workflowsPerMinute: args.rate, faults: { qmsOutage: faults.has("qms-outage"), lateErp: faults.has("late-erp"), lostHold: faults.has("lost-hold") } },
    start,
  );
  const streamRng = createRng(mixSeed(args.seed ^ 0x5eed, start.getTime()));
  const streamFaults = { duplicates: faults.has("duplicates") ? 0.02 : 0, malformed: faults.has("malformed") ? 0.005 : 0 };
  const totals = { events: 0, duplicates: 0, malformed: 0 };
  let stopping = false;
  process.once("SIGINT", () => (stopping = true));
  process.once("SIGTERM", () => (stopping = true));

  const end = args.duration === 0 ? Number.POSITIVE_INFINITY : started + args.duration * 1000;
  // A backfill is generated in slices so a week of history never sits in memory at once.
  let cursor = start.getTime();
  while (!stopping && cursor < end) {
    const now = Date.now();
    cursor = Math.min(now, cursor + 60_000, end);
    const batch = applyStreamFaults(sim.advance(new Date(cursor)), streamRng, streamFaults);
    for (let i = 0; i < batch.length; i += 5_000) await out.send(batch.slice(i, i + 5_000));
    for (const o of batch) {
      if (o.kind === "malformed") totals.malformed += 1;
      else if (o.duplicate) totals.duplicates += 1;
      else totals.events += 1;
    }
    if (cursor >= now) await new Promise((r) => setTimeout(r, TICK_MS));
  }
  await out.close();
  const seconds = (Date.now() - started) / 1000;
  const sent = totals.events + totals.duplicates + totals.malformed;
  console.log(
    `simulate: sent ${totals.events} events, ${totals.duplicates} duplicates, ${totals.malformed} malformed to ${args.target} in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)} messages/s)`,
  );
}

main().catch((error: unknown) => {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
