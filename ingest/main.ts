// `npm run ingest`: the ingest worker alone, against a ClickHouse server (or an embedded data
// directory no web server holds). It runs the sources configured for it and flushes on SIGTERM.
import { getConfig, ConfigError } from "../lib/config";
import { bootRuntime } from "../lib/runtime";

async function main() {
  const config = getConfig();
  if (!config.simulator.enabled) {
    // HTTP ingest is served by the web app; this process runs the sources that need no web server.
    console.error("[lotline-ingest] no source to run: set LOTLINE_SIMULATOR=1");
    process.exit(2);
  }
  const runtime = await bootRuntime(config, { relational: false, simulator: config.simulator.enabled, log: (m) => console.log(`[lotline-ingest] ${m}`) });
  const report = setInterval(() => {
    const s = runtime.ingest.stats();
    console.log(`[lotline-ingest] received ${s.received} written ${s.written} rejected ${s.rejected} pending ${s.pendingRows}${s.lastError ? ` last error: ${s.lastError}` : ""}`);
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
