// `npm run ingest`: the ingest worker alone, against a ClickHouse server (or an embedded data
// directory no web server holds). It runs the sources configured for it and flushes on SIGTERM.
// With `--jobs` (or LOTLINE_JOBS=1) it also runs the scheduled jobs, for a web app started with
// LOTLINE_JOBS=0 against ClickHouse and PostgreSQL servers; `--jobs=replay-worker,…` runs only those.
import { getConfig, ConfigError } from "../lib/config";
import { bootRuntime } from "../server/runtime";

/**
 * Crash-test hook: LOTLINE_FAULT_KILL_AFTER_INSERTS=n kills this process with SIGKILL right
 * after its n-th Kafka insert, before the offset commit, the worst moment for exactly-once.
 */
function faultAfterInsert(): (() => void) | undefined {
  const n = Number(process.env.LOTLINE_FAULT_KILL_AFTER_INSERTS ?? "");
  if (!Number.isInteger(n) || n <= 0) return undefined;
  let inserts = 0;
  return () => {
    inserts += 1;
    if (inserts >= n) process.kill(process.pid, "SIGKILL");
  };
}

async function main() {
  const config = getConfig();
  const jobsFlag = process.argv.find((a) => a === "--jobs" || a.startsWith("--jobs="));
  const onlyJobs = jobsFlag?.startsWith("--jobs=") ? jobsFlag.slice("--jobs=".length).split(",").filter((n) => n !== "") : undefined;
  const jobs = jobsFlag !== undefined || config.jobs === true;
  if (!config.simulator.enabled && !config.kafka && !jobs) {
    // HTTP ingest is served by the web app; this process runs the sources that need no web server.
    console.error("[lotline-ingest] nothing to run: set KAFKA_BROKERS (and KAFKA_TOPICS) or LOTLINE_SIMULATOR=1, or pass --jobs");
    process.exit(2);
  }
  const runtime = await bootRuntime(config, {
    // Jobs may read and write relational data (workflow definitions, breaches), the sources do not.
    relational: jobs,
    simulator: config.simulator.enabled,
    jobs,
    onlyJobs,
    log: (m) => console.log(`[lotline-ingest] ${m}`),
    kafkaAfterInsert: faultAfterInsert(),
  });
  const report = setInterval(() => {
    const s = runtime.ingest.stats();
    const k = runtime.kafka?.stats();
    const kafka = k ? ` | kafka ${k.state} received ${k.received} written ${k.written} dead ${k.deadLettered} lag ${Object.values(k.lag).reduce((a, b) => a + b, 0)}` : "";
    console.log(`[lotline-ingest] received ${s.received} written ${s.written} rejected ${s.rejected} pending ${s.pendingRows}${kafka}${s.lastError ? ` last error: ${s.lastError}` : ""}`);
  }, 10_000);
  const shutdown = async (signal: string) => {
    clearInterval(report);
    console.log(`[lotline-ingest] ${signal}: flushing`);
    await runtime.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
