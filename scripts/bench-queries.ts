// `npm run bench:queries`: latency of the traceability lookups on this machine, through the real
// route handlers (bearer token, query layer, mapping, JSON) and through the query layer alone,
// on a store seeded with simulator events through the production ingest path, plus the lot
// page's largest contentful paint in Chromium. Prints a table, then one line of JSON.
//   --events N       simulator events to seed (default 10,000,000); --large seeds 100,000,000
//   --grow           seed at most 10,000,000 through the ingest path, the rest as re-keyed copies
//                    made inside ClickHouse into the real events table (its views fire); a
//                    --data-dir holding a 10,000,000-event seed is grown instead of re-seeded
//   --samples N      random ids per lookup (default 500)
//   --data-dir DIR   keep the seeded store there; a re-run on it skips seeding and only measures
//   --skip-lcp       leave out the Chromium run (it needs `npm run build`)
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { camelCaseKeys, parseFlags } from "../ingest/simulator/cli-args";
import { createRng } from "../ingest/simulator/random";
import { nearestRank } from "../lib/percentile";
import { copyHex, EVENTS_COPY_SQL, GENEALOGY_LEVELS, GENEALOGY_LOTS, GENEALOGY_ROOT, genealogyTree, simulatorBatches, simulatorPool } from "./bench-queries-seed";

const args = z
  .object({
    events: z.coerce.number().int().min(100_000).optional(),
    large: z.literal("true").optional(),
    grow: z.literal("true").optional(),
    samples: z.coerce.number().int().min(20).default(500),
    dataDir: z.string().min(1).optional(),
    skipLcp: z.literal("true").optional(),
  })
  .strict()
  .refine((a) => !(a.large && a.events !== undefined), "--large and --events exclude each other")
  .transform((a) => ({ events: a.large ? 100_000_000 : (a.events ?? 10_000_000), grow: a.grow === "true", samples: a.samples, dataDir: a.dataDir, skipLcp: a.skipLcp === "true" }))
  .parse(camelCaseKeys(parseFlags(process.argv.slice(2), ["large", "grow", "skip-lcp"])));

/** With --grow: what goes through the ingest path; the rest are copies of it made inside ClickHouse. */
const GROW_BASE = 10_000_000;
const ingestEvents = args.grow ? Math.min(args.events, GROW_BASE) : args.events;

/** One insert per call, as large as the ingest path takes comfortably (ClickHouse: 10k–100k rows per insert). */
const SEED_BATCH = 50_000;
const WARMUP = 50;
/** The genealogy tree is one root: a tenth of the samples of a point lookup keeps the run short. */
const GENEALOGY_SAMPLES = Math.max(20, Math.round(args.samples / 10));
const LCP_PAGES = 30;
const BENCH_USER = { email: "bench@lotline.local", password: "bench-queries-password" };
const SEED_MARKER = "bench-queries-seed.json";
// Every table the events feed: merges settle on all of them before measuring.
const TABLES = [
  "events",
  "events_by_lot",
  "events_by_order",
  "events_failed",
  "events_per_minute",
  "events_per_minute_by_type",
  "search_keys",
  "lot_facts",
  "lot_home",
  "lot_status",
  "lot_status_history",
  "lot_edges_by_parent",
  "lot_edges_by_child",
  "workflow_instances",
  "deliveries_by_key",
];

const dataDir = path.resolve(args.dataDir ?? mkdtempSync(path.join(tmpdir(), "lotline-bench-queries-")));
Object.assign(process.env, {
  LOTLINE_DATA_DIR: dataDir,
  LOTLINE_SIMULATOR: "0",
  LOTLINE_JOBS: "0",
  LOTLINE_INGEST_BATCH_ROWS: String(SEED_BATCH),
  LOTLINE_INGEST_FLUSH_MS: "50",
});

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

interface Stat {
  p50: number;
  p95: number;
  p99: number;
  items: number;
  kb: number;
}

/** The JSON line of scripts/bench-lcp.ts. */
interface LcpFigures {
  pages: number;
  lcp: { p50Ms: number; p95Ms: number };
  ttfb: { p50Ms: number; p95Ms: number };
}

function stat(samples: { ms: number; items: number; bytes: number }[]): Stat {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (p: number) => Math.round((nearestRank(ms, p) ?? Number.NaN) * 10) / 10;
  const mean = (f: (s: (typeof samples)[number]) => number) => samples.reduce((n, s) => n + f(s), 0) / samples.length;
  return { p50: at(50), p95: at(95), p99: at(99), items: Math.round(mean((s) => s.items)), kb: Math.round(mean((s) => s.bytes) / 102.4) / 10 };
}

async function main() {
  const { getRuntime } = await import("../server/runtime");
  const { createApiToken, authenticateApiToken } = await import("../lib/auth/api-tokens");
  const { hashPassword } = await import("../lib/auth/password");
  const { getTraceEvents, getKeyTimeline } = await import("../lib/queries/get-trace");
  const { getLotSnapshot } = await import("../lib/queries/get-lot-snapshot");
  const { searchIds, searchIdPage } = await import("../lib/queries/search-ids");
  const { searchErrors } = await import("../lib/queries/search-errors");
  const { getUpstreamImpact } = await import("../lib/lots/upstream-impact");
  const { getGenealogyEdges } = await import("../lib/queries/get-genealogy-edges");
  const { walkGenealogy } = await import("../lib/genealogy/trace-genealogy");
  const routes = {
    trace: (await import("../app/api/v1/traces/[id]/route")).GET,
    lot: (await import("../app/api/v1/lots/[id]/route")).GET,
    order: (await import("../app/api/v1/orders/[id]/route")).GET,
    timeline: (await import("../app/api/v1/lots/[id]/timeline/route")).GET,
    search: (await import("../app/api/v1/search/route")).GET,
    genealogy: (await import("../app/api/v1/lots/[id]/genealogy/route")).GET,
  };

  const runtime = await getRuntime();
  const ch = runtime.clickhouse;
  const db = runtime.db!;
  const scalar = async (query: string) => Number(((await (await ch.query({ query, format: "JSONEachRow" })).json()) as { n: string }[])[0]!.n);
  const column = async (query: string) => ((await (await ch.query({ query, format: "JSONEachRow" })).json()) as { id: string }[]).map((r) => r.id);

  // Seeding: the production ingest path (validation, batching, the events insert and every
  // materialized view), skipped when this store already holds a complete seed of this size.
  const markerFile = path.join(dataDir, SEED_MARKER);
  type Seeding = { events: number; seconds: number; eventsPerSecond: number; grown?: { fromEvents: number; copies: number; seconds: number; eventsPerSecond: number } };
  const marker = existsSync(markerFile) ? (JSON.parse(readFileSync(markerFile, "utf8")) as Seeding) : null;
  if (marker && marker.events !== args.events && marker.events !== ingestEvents) throw new Error(`${dataDir} holds a seed of ${fmt(marker.events)} events, not ${fmt(args.events)}: choose another --data-dir`);
  let seeding: Seeding = marker ?? { events: ingestEvents, seconds: 0, eventsPerSecond: 0 };
  const settleMerges = async () => {
    // A bulk load leaves hundreds of parts per table; a store that has run for a while has a few per partition.
    log(`settling merges: OPTIMIZE TABLE … FINAL on ${TABLES.join(", ")} …`);
    const optimizeStarted = performance.now();
    for (const table of TABLES) await ch.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
    log(`merges settled in ${Math.round((performance.now() - optimizeStarted) / 1000)} s`);
  };
  if (!marker) {
    const existing = await scalar("SELECT count() AS n FROM events");
    if (existing > 0) throw new Error(`${dataDir} holds ${fmt(existing)} events but no complete bench seed: remove it or choose another --data-dir`);
    const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    log("simulating one hour of the estate as the pool to copy …");
    const pool = simulatorPool(end);
    log(`pool: ${fmt(pool.events.length)} events; ${Math.ceil(ingestEvents / pool.events.length)} re-keyed copies make ${fmt(ingestEvents)}`);
    const started = performance.now();
    let written = 0;
    let batchNo = 0;
    let lastReport = started;
    // Two batches in flight: the next one is re-keyed, parsed and validated while the previous is inserted.
    const inFlight: Promise<void>[] = [];
    for (const batch of simulatorBatches(pool, ingestEvents, SEED_BATCH)) {
      inFlight.push(
        runtime.ingest.ingest(batch, { channel: "simulator", requestId: `bench-seed-${++batchNo}` }).then((r) => {
          if (r.rejected.length > 0) throw new Error(`the ingest path rejected ${r.rejected.length} seeded events, e.g. ${r.rejected[0]!.reason}`);
          written += batch.length;
        }),
      );
      if (inFlight.length >= 2) await inFlight.shift();
      if (performance.now() - lastReport > 15_000) {
        lastReport = performance.now();
        const rate = written / ((lastReport - started) / 1000);
        log(`seeded ${fmt(written)} / ${fmt(ingestEvents)} events · ${fmt(rate)} events/s · ${Math.ceil((ingestEvents - written) / rate / 60)} min to go`);
      }
    }
    await Promise.all(inFlight);
    const tree = await runtime.ingest.ingest(genealogyTree(end), { channel: "simulator", requestId: "bench-seed-genealogy" });
    if (tree.rejected.length > 0) throw new Error(`the genealogy tree was rejected: ${tree.rejected[0]!.reason}`);
    const seconds = (performance.now() - started) / 1000;
    seeding = { events: ingestEvents, seconds: Math.round(seconds), eventsPerSecond: Math.round(written / seconds) };
    log(`seeded ${fmt(written)} simulator events and ${fmt(tree.accepted)} genealogy events in ${Math.round(seconds)} s (${fmt(seeding.eventsPerSecond)} events/s)`);
    await settleMerges();
    writeFileSync(markerFile, `${JSON.stringify(seeding)}\n`);
  }
  if (seeding.events < args.events) {
    // Copies of the ingested simulator events (rows ingested up to now), each moved back by the span they cover.
    const base = Number(((await (await ch.query({ query: "SELECT count() AS n FROM events WHERE NOT startsWith(correlation_id, 'corr-gen-')", format: "JSONEachRow" })).json()) as { n: string }[])[0]!.n);
    const [bounds] = (await (await ch.query({ query: "SELECT toUnixTimestamp64Milli(max(ingested_at)) AS untilMs, toUnixTimestamp64Milli(max(time)) - toUnixTimestamp64Milli(min(time)) + 3600000 AS spanMs FROM events", format: "JSONEachRow" })).json()) as { untilMs: string; spanMs: string }[];
    const started = performance.now();
    let written = seeding.events;
    let copy = 0;
    while (written < args.events) {
      copy++;
      const rows = Math.min(base, args.events - written);
      await ch.command({
        query: EVENTS_COPY_SQL,
        query_params: { copy, hex: copyHex(copy), shiftMs: copy * Number(bounds!.spanMs), baseIngestedUntilMs: Number(bounds!.untilMs), rows },
      });
      written += rows;
      const rate = (written - seeding.events) / ((performance.now() - started) / 1000);
      log(`grown to ${fmt(written)} / ${fmt(args.events)} events inside ClickHouse · ${fmt(rate)} events/s · ${Math.ceil((args.events - written) / rate / 60)} min to go`);
    }
    const seconds = (performance.now() - started) / 1000;
    seeding = { ...seeding, events: args.events, grown: { fromEvents: seeding.events, copies: copy, seconds: Math.round(seconds), eventsPerSecond: Math.round((args.events - seeding.events) / seconds) } };
    await settleMerges();
    writeFileSync(markerFile, `${JSON.stringify(seeding)}\n`);
  }

  const rows = Object.fromEntries(await Promise.all(["events", "events_by_lot", "events_by_order", "search_keys", "lot_facts", "lot_edges_by_parent"].map(async (t) => [t, await scalar(`SELECT count() AS n FROM ${t}`)] as const)));
  const distinct = {
    correlationIds: await scalar("SELECT uniqExact(correlation_id) AS n FROM events"),
    lots: await scalar("SELECT count() AS n FROM (SELECT lot_id FROM lot_facts GROUP BY lot_id)"),
    orders: await scalar("SELECT uniqExact(order_id) AS n FROM events_by_order"),
  };
  const parts = await scalar("SELECT count() AS n FROM system.parts WHERE active AND table = 'events'");

  // Random ids from the data, drawn by a seeded hash so a re-run on the same store measures the
  // same ids; the synthetic genealogy tree is left out of the point lookups.
  const n = 2 * args.samples + WARMUP;
  const sample = (query: string) => column(`${query} ORDER BY sipHash64(id, 4711) LIMIT ${n}`);
  const ids = {
    trace: await sample("SELECT correlation_id AS id FROM events WHERE NOT startsWith(id, 'corr-gen-') GROUP BY id"),
    lot: await sample("SELECT lot_id AS id FROM lot_facts WHERE NOT startsWith(id, 'L-GEN-') GROUP BY id"),
    order: await sample("SELECT order_id AS id FROM events_by_order WHERE NOT startsWith(id, 'PO-GEN-') GROUP BY id"),
  };
  // What people type into the search box: the first 8–10 characters of any kind of real id.
  const rng = createRng(4711);
  const keys = await sample("SELECT search_key AS id FROM search_keys WHERE NOT (startsWith(id, 'L-GEN-') OR startsWith(id, 'PO-GEN-') OR startsWith(id, 'corr-gen-')) GROUP BY id");
  const prefixes = keys.map((k) => k.slice(0, rng.int(8, 10)));
  // The beginnings of held or rejected lots' ids, so a filtered search finds something; the words of real error texts.
  const heldPrefixes = (
    await sample(
      `SELECT lot_id AS id FROM (SELECT lot_id, argMax(lower(status), time) AS w FROM lot_status_history
        WHERE lower(status) IN ('blocked', 'rejected', 'released', 'unrestricted', 'approved') GROUP BY lot_id, source_system)
       WHERE w IN ('blocked', 'rejected') AND NOT startsWith(id, 'L-GEN-') GROUP BY id`,
    )
  ).map((k) => k.slice(0, rng.int(8, 10)));
  const errorWords = ["Service Unavailable", "timed out", "Bad Gateway", "material master", "Too Many Requests", "inspection plan", "routing revision", "failed attempts"];
  const errorTexts = Array.from({ length: n }, (_, i) => errorWords[i % errorWords.length]!);
  const shipments = await sample("SELECT lot_id AS id FROM lot_facts FINAL WHERE lot_is_shipment = 1 AND NOT startsWith(id, 'L-GEN-') GROUP BY id");
  const noFilters = { kinds: [], statuses: [], plants: [], systems: [], range: null };
  const dayWindow = () => ({ from: Date.now() - 86_400_000, to: Date.now() });

  const { token } = await createApiToken({ name: `bench-queries-${Date.now()}`, role: "admin" }, { db, label: "bench" });
  const headers = { authorization: `Bearer ${token}` };
  type Handler = (request: Request, id: string) => Promise<Response>;
  const withId =
    (handler: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>): Handler =>
    (request, id) =>
      handler(request, { params: Promise.resolve({ id }) });
  /** The route handler as Next.js calls it; the body is read so serialisation counts, and checked after the clock stops. */
  const api = (handler: Handler, url: (id: string) => string, count: (body: Record<string, unknown[]>) => number) => async (id: string) => {
    const started = performance.now();
    const res = await handler(new Request(`http://localhost${url(id)}`, { headers }), id);
    const body = await res.text();
    const ms = performance.now() - started;
    const items = res.status === 200 ? count(JSON.parse(body) as Record<string, unknown[]>) : 0;
    if (items === 0) throw new Error(`${url(id)} answered ${res.status} with ${items} items: ${body.slice(0, 300)}`);
    return { ms, items, bytes: Buffer.byteLength(body) };
  };
  const query = (fn: (id: string) => Promise<number>) => async (id: string) => {
    const started = performance.now();
    const items = await fn(id);
    const ms = performance.now() - started;
    if (items === 0) throw new Error(`the query layer found nothing for ${id}`);
    return { ms, items, bytes: 0 };
  };
  const e = encodeURIComponent;
  const lookups = [
    {
      key: "trace",
      label: "trace by correlation id",
      targetMs: 15,
      ids: ids.trace,
      api: api(withId(routes.trace), (id) => `/api/v1/traces/${e(id)}`, (b) => b.events!.length),
      sql: query(async (id) => (await getTraceEvents(ch, id)).length),
    },
    {
      key: "lot",
      label: "lot (facts, status per system, its events)",
      targetMs: 15,
      ids: ids.lot,
      api: api(withId(routes.lot), (id) => `/api/v1/lots/${e(id)}`, (b) => b.events!.length),
      sql: query(async (id) => (await getLotSnapshot(ch, id)).events.length),
    },
    {
      key: "order",
      label: "order (workflows, lots, timeline)",
      targetMs: 15,
      ids: ids.order,
      api: api(withId(routes.order), (id) => `/api/v1/orders/${e(id)}`, (b) => b.events!.length),
      sql: query(async (id) => (await getKeyTimeline(ch, "order", id)).length),
    },
    {
      key: "lotTimeline",
      label: "lot's full timeline (every event of every correlation id touching it)",
      targetMs: 50,
      ids: ids.lot,
      api: api(withId(routes.timeline), (id) => `/api/v1/lots/${e(id)}/timeline`, (b) => b.events!.length),
      sql: query(async (id) => (await getKeyTimeline(ch, "lot", id)).length),
    },
    {
      key: "search",
      label: "search by prefix (8–10 characters of a real id)",
      targetMs: 50,
      ids: prefixes,
      api: api((request) => routes.search(request, { params: Promise.resolve({}) }), (q) => `/api/v1/search?q=${e(q)}`, (b) => b.results!.length),
      sql: query(async (q) => (await searchIds(ch, q, null)).length),
    },
    {
      key: "searchHeld",
      label: "search by prefix, held or rejected lots only (a page of 25, its total, each lot's standing)",
      // A filtered page renders once, not at every keystroke like the suggestions: the budget of a page part.
      targetMs: 100,
      ids: heldPrefixes,
      api: api((request) => routes.search(request, { params: Promise.resolve({}) }), (q) => `/api/v1/search?q=${e(q)}&status=held,rejected&limit=25`, (b) => b.results!.length),
      sql: query(async (q) => (await searchIdPage(ch, q, null, { ...noFilters, statuses: ["held", "rejected"], failureWindow: dayWindow() }, 25)).results.length),
    },
    {
      key: "searchErrors",
      label: "error text of failures, last 24 h (the newest 25 and the exact count)",
      targetMs: 100,
      ids: errorTexts,
      api: api((request) => routes.search(request, { params: Promise.resolve({}) }), (q) => `/api/v1/search?in=errors&q=${e(q)}&limit=25`, (b) => b.results!.length),
      sql: query(async (q) => (await searchErrors(ch, q, null, { statuses: [], plants: [], systems: [], window: dayWindow() }, 25)).results.length),
    },
  ];

  const results: Record<string, { label: string; targetMs: number; sql: Stat; api: Stat }> = {};
  // Others share this machine: the load average beside the figures says how quiet it was.
  const loadBefore = loadavg()[0]!;
  for (const l of lookups) {
    log(`measuring ${l.label} …`);
    for (const id of l.ids.slice(0, WARMUP)) {
      await l.api(id);
      await l.sql(id);
    }
    // Disjoint ids for the two passes, so neither reads what the other just brought into cache.
    const apiSamples = [];
    for (const id of l.ids.slice(WARMUP, WARMUP + args.samples)) apiSamples.push(await l.api(id));
    const sqlSamples = [];
    for (const id of l.ids.slice(WARMUP + args.samples)) sqlSamples.push(await l.sql(id));
    results[l.key] = { label: l.label, targetMs: l.targetMs, api: stat(apiSamples), sql: stat(sqlSamples) };
  }

  log(`measuring the forward genealogy of ${GENEALOGY_ROOT} over ${GENEALOGY_LEVELS} levels …`);
  const walk = query(async (root) => {
    const w = await walkGenealogy((direction, lots) => getGenealogyEdges(ch, direction, lots), root, "forward", GENEALOGY_LEVELS);
    if (w.depths.size !== GENEALOGY_LOTS + 1) throw new Error(`the walk reached ${w.depths.size - 1} lots, not ${GENEALOGY_LOTS}`);
    return w.depths.size - 1;
  });
  const genealogyApi = api(withId(routes.genealogy), (id) => `/api/v1/lots/${e(id)}/genealogy?direction=forward&depth=${GENEALOGY_LEVELS}`, (b) => b.nodes!.length - 1);
  for (let i = 0; i < 3; i++) {
    await walk(GENEALOGY_ROOT);
    await genealogyApi(GENEALOGY_ROOT);
  }
  const walkSamples = [];
  const genealogyApiSamples = [];
  for (let i = 0; i < GENEALOGY_SAMPLES; i++) {
    walkSamples.push(await walk(GENEALOGY_ROOT));
    genealogyApiSamples.push(await genealogyApi(GENEALOGY_ROOT));
  }
  // The lot page's banner: every lot a shipment is made from and each one's standing. Page-only: the query layer is the figure.
  log("measuring the upstream impact of shipments …");
  const upstream = query(async (id) => (await getUpstreamImpact(ch, null, [id], { rootsAreInputs: false })).summary.lots);
  for (const id of shipments.slice(0, WARMUP)) await upstream(id);
  const upstreamSamples = [];
  for (const id of shipments.slice(WARMUP, WARMUP + args.samples)) upstreamSamples.push(await upstream(id));
  results.upstream = { label: "a shipment's input lots, all levels back, with each one's standing (lot page banner; query layer only)", targetMs: 100, sql: stat(upstreamSamples), api: stat(upstreamSamples) };
  results.genealogy = { label: `genealogy forward, ${GENEALOGY_LEVELS} levels, ${fmt(GENEALOGY_LOTS)} lots (walk · API with facts and statuses)`, targetMs: 150, sql: stat(walkSamples), api: stat(genealogyApiSamples) };

  const authSamples = [];
  for (let i = 0; i < args.samples; i++) {
    const started = performance.now();
    if (!(await authenticateApiToken(token, { db }))) throw new Error("the bench token was not accepted");
    authSamples.push({ ms: performance.now() - started, items: 1, bytes: 0 });
  }
  const auth = stat(authSamples);
  const load = { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadavg()[0]! * 10) / 10 };

  // The lot page needs a user who can sign in; the store may have been created with another admin password.
  const passwordHash = await hashPassword(BENCH_USER.password);
  await db.user.upsert({ where: { email: BENCH_USER.email }, create: { email: BENCH_USER.email, name: "Bench", role: "admin", passwordHash }, update: { passwordHash, role: "admin", disabled: false } });
  await runtime.stop();

  let lcp: LcpFigures | null = null;
  if (!args.skipLcp) {
    log(`measuring the lot page's largest contentful paint in Chromium over ${LCP_PAGES} lots …`);
    // chDB and PGlite serve one process per data directory: the server starts once this process has closed them.
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "scripts/bench-lcp.ts", "--data-dir", dataDir, "--lots", ids.lot.slice(0, LCP_PAGES + 1).join(","), "--email", BENCH_USER.email, "--password", BENCH_USER.password],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 },
    );
    lcp = JSON.parse(out.trim().split("\n").at(-1)!) as LcpFigures;
  }

  const verdict = (p95: number, target: number) => (p95 <= target ? "met" : `missed by ${(p95 / target).toFixed(1)}×`);
  // The genealogy target is the trace itself (the walk); the API adds facts and statuses of 10,000 lots.
  const verdictOf = (key: string, r: (typeof results)[string]) =>
    key === "genealogy" ? `walk ${verdict(r.sql.p95, r.targetMs)}, API ${verdict(r.api.p95, r.targetMs)}` : key === "upstream" ? verdict(r.sql.p95, r.targetMs) : verdict(r.api.p95, r.targetMs);
  const pair = (s: Stat) => `${s.p50} · ${s.p95}`;
  console.log(
    `\nLotline query benchmark · ${cpus().length} cores · embedded chDB · ${fmt(rows.events!)} events (${fmt(args.events)} simulator + ${fmt(GENEALOGY_LOTS + 1)} genealogy), ${parts} parts · ` +
      `${fmt(distinct.correlationIds)} correlation ids · ${fmt(distinct.lots)} lots · ${fmt(distinct.orders)} orders · ${args.samples} random ids per lookup (genealogy ${GENEALOGY_SAMPLES} runs), after ${WARMUP} warm-up calls · load average ${load.before} → ${load.after}`,
  );
  console.log(
    `rows: ${Object.entries(rows)
      .map(([t, c]) => `${t} ${fmt(c)}`)
      .join(" · ")} · merges settled with OPTIMIZE TABLE … FINAL · seeded through the ingest path${seeding.seconds ? ` at ${fmt(seeding.eventsPerSecond)} events/s` : ""}${
      seeding.grown ? `, grown from ${fmt(seeding.grown.fromEvents)} by ${seeding.grown.copies} re-keyed copies inside ClickHouse at ${fmt(seeding.grown.eventsPerSecond)} events/s` : ""
    }\n`,
  );
  console.log("| lookup | query layer p50 · p95 ms | API response p50 · p95 ms | answer (mean) | target (p95) | |");
  console.log("| --- | ---: | ---: | ---: | --- | --- |");
  for (const [key, r] of Object.entries(results)) {
    console.log(`| ${r.label} | ${pair(r.sql)} | ${key === "upstream" ? "" : pair(r.api)} | ${fmt(r.api.items)} items${key === "upstream" ? "" : ` · ${r.api.kb} KB`} | ≤ ${r.targetMs} ms | ${verdictOf(key, r)} |`);
  }
  console.log(`| bearer token check (inside every API response) | | ${pair(auth)} | | | |`);
  if (lcp) {
    console.log(`| lot page in Chromium, production build, warm: largest contentful paint (TTFB ${lcp.ttfb.p50Ms} · ${lcp.ttfb.p95Ms}) | | ${lcp.lcp.p50Ms} · ${lcp.lcp.p95Ms} | ${lcp.pages} pages | ≤ 1,000 ms | ${verdict(lcp.lcp.p95Ms, 1000)} |`);
  }
  const figures = (s: Stat) => ({ p50Ms: s.p50, p95Ms: s.p95, p99Ms: s.p99 });
  console.log(
    JSON.stringify({
      bench: "queries",
      cores: cpus().length,
      events: rows.events,
      simulatorEvents: args.events,
      rows,
      distinct,
      eventParts: parts,
      samples: args.samples,
      loadAverage: load,
      seeding,
      lookups: Object.fromEntries(
        Object.entries(results).map(([k, r]) => [
          k,
          { targetP95Ms: r.targetMs, met: (k === "genealogy" || k === "upstream" ? r.sql.p95 : r.api.p95) <= r.targetMs, api: figures(r.api), queryLayer: figures(r.sql), meanItems: r.api.items, meanKb: r.api.kb },
        ]),
      ),
      auth: figures(auth),
      lcp: lcp && { pages: lcp.pages, lcp: lcp.lcp, ttfb: lcp.ttfb, targetP95Ms: 1000, met: lcp.lcp.p95Ms <= 1000 },
    }),
  );
  if (!args.dataDir) rmSync(dataDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
