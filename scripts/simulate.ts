// `npm run simulate -- --target http|kafka [--rate N] [--duration S] [--seed K] [--start ISO]
//   [--backfill MINUTES] [--plants N] [--faults qms-outage,late-erp,lost-hold,duplicates,malformed] [--url URL]`
// Sends the simulated estate to a running Lotline (HTTP) or to Kafka (KAFKA_BROKERS, first of
// KAFKA_TOPICS). The run covers simulated time from --start minus --backfill to --start plus
// --duration; each message goes out once the wall clock has reached its event time, so the past
// part is sent at once and the rest in real time. Same options, same messages (ingest/simulator/run.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import { USAGE, parseSimulateArgs, plantCodes, type SimulateArgs } from "../ingest/simulator/cli-args";
import { createRun } from "../ingest/simulator/run";
import { httpSender, kafkaSender, type Sender } from "../ingest/simulator/senders";

const TICK_MS = 250;
const MAX_BATCH = 5_000;

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
  const brokers = (process.env.KAFKA_BROKERS || "127.0.0.1:19092").split(",").map((b) => b.trim());
  const topic = (process.env.KAFKA_TOPICS || "lotline.events").split(",")[0]!.trim();
  return kafkaSender(brokers, topic);
}

async function main() {
  const parsed = parseSimulateArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`simulate: ${parsed.message}\n${USAGE}`);
    process.exit(2);
  }
  const args = parsed.args;
  const from = args.start.getTime() - args.backfill * 60_000;
  const end = args.duration === 0 ? Number.POSITIVE_INFINITY : args.start.getTime() + args.duration * 1000;
  const run = createRun({ seed: args.seed, plants: plantCodes(args.plants), workflowsPerMinute: args.rate, faults: args.faults, from: new Date(from) });
  const out = await sender(args);
  const totals = { events: 0, duplicates: 0, malformed: 0 };
  let stopping = false;
  process.once("SIGINT", () => (stopping = true));
  process.once("SIGTERM", () => (stopping = true));

  // Catching up on the past goes in steps of about a thousand workflow instances, so memory stays flat at any rate.
  const sliceMs = Math.max(1_000, Math.min(60_000, Math.round(60_000_000 / args.rate)));
  const started = Date.now();
  let cursor = from;
  try {
    while (!stopping && cursor < end) {
      const now = Date.now();
      const target = Math.min(now, cursor + sliceMs, end);
      if (target <= cursor) {
        await new Promise((r) => setTimeout(r, Math.min(TICK_MS, cursor - now + 1)));
        continue;
      }
      const batch = run.advance(new Date(target));
      cursor = target;
      for (let i = 0; i < batch.length; i += MAX_BATCH) await out.send(batch.slice(i, i + MAX_BATCH));
      for (const o of batch) {
        if (o.kind === "malformed") totals.malformed += 1;
        else if (o.duplicate) totals.duplicates += 1;
        else totals.events += 1;
      }
      if (cursor >= now && cursor < end) await new Promise((r) => setTimeout(r, TICK_MS));
    }
  } finally {
    await out.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const sent = totals.events + totals.duplicates + totals.malformed;
  console.log(
    `simulate: sent ${totals.events} events, ${totals.duplicates} duplicates, ${totals.malformed} malformed to ${args.target} in ${seconds.toFixed(1)} s (${Math.round(sent / Math.max(seconds, 0.001))} events/s)`,
  );
}

main().catch((error: unknown) => {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
