// `npm run bench:impact`: latency of an exception's business impact through genealogy
// (lib/exceptions/impact.ts) on a store seeded with simulator history through the production
// ingest path, plus the synthetic 10,000-lot genealogy tree as a hub lot. Table, then one JSON line.
//   --events N       simulator events to seed (default 2,000,000)
//   --samples N      inputs per scenario (default 200)
//   --data-dir DIR   keep the seeded store there; a re-run on it skips seeding and only measures
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { camelCaseKeys, parseFlags } from "../ingest/simulator/cli-args";
import { impactScenarios, measureImpact, type ImpactStat } from "./bench-impact-measure";
import { GENEALOGY_ROOT, genealogyTree, simulatorBatches, simulatorPool } from "./bench-queries-seed";

const args = z
  .object({
    events: z.coerce.number().int().min(100_000).default(2_000_000),
    samples: z.coerce.number().int().min(20).default(200),
    dataDir: z.string().min(1).optional(),
  })
  .strict()
  .parse(camelCaseKeys(parseFlags(process.argv.slice(2), [])));

const SEED_BATCH = 50_000;
const SEED_MARKER = "bench-impact-seed.json";
const TARGET_P95_MS = 100;
const TABLES = ["events", "events_by_lot", "events_by_order", "lot_facts", "lot_edges_by_parent", "lot_edges_by_child"];

const dataDir = path.resolve(args.dataDir ?? mkdtempSync(path.join(tmpdir(), "lotline-bench-impact-")));
Object.assign(process.env, { LOTLINE_DATA_DIR: dataDir, LOTLINE_SIMULATOR: "0", LOTLINE_JOBS: "0", LOTLINE_INGEST_BATCH_ROWS: String(SEED_BATCH), LOTLINE_INGEST_FLUSH_MS: "50" });

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function main() {
  const { getRuntime } = await import("../server/runtime");
  const { impactOf } = await import("../lib/exceptions/impact");
  const { DEFAULT_IMPACT_LIMITS } = await import("../lib/exceptions/impact-model");
  const runtime = await getRuntime();
  const ch = runtime.clickhouse;
  const scalar = async (query: string) => Number(((await (await ch.query({ query, format: "JSONEachRow" })).json()) as { n: string }[])[0]!.n);

  const markerFile = path.join(dataDir, SEED_MARKER);
  const marker = existsSync(markerFile) ? (JSON.parse(readFileSync(markerFile, "utf8")) as { events: number }) : null;
  if (marker && marker.events !== args.events) throw new Error(`${dataDir} holds a seed of ${fmt(marker.events)} events, not ${fmt(args.events)}`);
  if (!marker) {
    if ((await scalar("SELECT count() AS n FROM events")) > 0) throw new Error(`${dataDir} holds events but no complete seed: remove it or choose another --data-dir`);
    const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    log("simulating one hour of the estate as the pool to copy …");
    const pool = simulatorPool(end);
    const started = performance.now();
    let batchNo = 0;
    const inFlight: Promise<void>[] = [];
    for (const batch of simulatorBatches(pool, args.events, SEED_BATCH)) {
      inFlight.push(
        runtime.ingest.ingest(batch, { channel: "simulator", requestId: `bench-impact-${++batchNo}` }).then((r) => {
          if (r.rejected.length > 0) throw new Error(`the ingest path rejected ${r.rejected.length} seeded events, e.g. ${r.rejected[0]!.reason}`);
        }),
      );
      if (inFlight.length >= 2) await inFlight.shift();
    }
    await Promise.all(inFlight);
    await runtime.ingest.ingest(genealogyTree(end), { channel: "simulator", requestId: "bench-impact-genealogy" });
    log(`seeded ${fmt(args.events)} events in ${Math.round((performance.now() - started) / 1000)} s; settling merges …`);
    for (const table of TABLES) await ch.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
    writeFileSync(markerFile, `${JSON.stringify({ events: args.events })}\n`);
  }

  const counts = Object.fromEntries(await Promise.all(["events", "lot_edges_by_parent", "lot_facts"].map(async (t) => [t, await scalar(`SELECT count() AS n FROM ${t}`)] as const)));
  const scenarios = await impactScenarios(ch, { samples: args.samples, hubLot: GENEALOGY_ROOT });
  const loadBefore = loadavg()[0]!;
  const results: Record<string, { label: string; stat: ImpactStat }> = {};
  for (const s of scenarios) {
    log(`measuring ${s.label} …`);
    results[s.key] = { label: s.label, stat: await measureImpact((input) => impactOf(ch, input), s.inputs) };
  }
  const load = { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadavg()[0]! * 10) / 10 };
  await runtime.stop();

  console.log(
    `\nLotline impact benchmark · ${cpus().length} cores · embedded chDB · ${fmt(counts.events!)} events · ${fmt(counts.lot_edges_by_parent!)} genealogy edges · ` +
      `limits ${DEFAULT_IMPACT_LIMITS.maxDepth} levels / ${fmt(DEFAULT_IMPACT_LIMITS.maxLots)} lots · load average ${load.before} → ${load.after}\n`,
  );
  console.log("| impact of | p50 · p95 · p99 ms | runs | mean lots · descendants · orders · shipments · customers | capped | target p95 |");
  console.log("| --- | ---: | ---: | --- | ---: | --- |");
  for (const { label, stat: s } of Object.values(results)) {
    const m = s.mean;
    console.log(`| ${label} | ${s.p50Ms} · ${s.p95Ms} · ${s.p99Ms} | ${s.runs} | ${m.lots} · ${m.descendantLots} · ${m.orders} · ${m.shipments} · ${m.customers} | ${s.cappedRuns} | ≤ ${TARGET_P95_MS} ms ${s.p95Ms <= TARGET_P95_MS ? "met" : "missed"} |`);
  }
  console.log(JSON.stringify({ bench: "impact", cores: cpus().length, rows: counts, limits: DEFAULT_IMPACT_LIMITS, loadAverage: load, targetP95Ms: TARGET_P95_MS, scenarios: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { ...r.stat, met: r.stat.p95Ms <= TARGET_P95_MS }])) }));
  if (!args.dataDir) rmSync(dataDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
