// `npm run bench:exceptions`: the exception inbox at scale on this machine. Seeds simulator
// history through the production ingest path, tops the failed messages up to the asked number of
// open exceptions (failing hand-offs on real lots of the seed, so impact walks real genealogy),
// runs the exceptions job until it has caught up, then times the inbox's first page, a group's
// detail with its impact, and impact computed cold; then the dry run of a 10k-message bulk replay
// and bulk replays to the simulator's replay API (one target at 200 msg/s, one uncapped) with the
// replay worker. Prints a table, then one line of JSON.
//   --events N   simulator events to seed (default 10,000,000)
//   --open N     open exceptions to reach (default 100,000)
//   --samples N  timed reads per row (default 100)
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { camelCaseKeys, parseFlags } from "../ingest/simulator/cli-args";
import type { Actor } from "../lib/auth/actor";
import type { CloudEvent } from "../lib/events/contract";
import { nearestRank } from "../lib/percentile";
import { simulatorBatches, simulatorPool } from "./bench-queries-seed";

const args = z
  .object({
    events: z.coerce.number().int().min(100_000).default(10_000_000),
    open: z.coerce.number().int().min(1_000).default(100_000),
    samples: z.coerce.number().int().min(20).default(100),
  })
  .strict()
  .parse(camelCaseKeys(parseFlags(process.argv.slice(2), [])));

const SEED_BATCH = 50_000;
const DRY_RUN_MESSAGES = 10_000;
const DRY_RUN_SAMPLES = 7;
const REPLAY_MESSAGES = 2_500;
const REPLAY_RATE = 200;
const dataDir = mkdtempSync(path.join(tmpdir(), "lotline-bench-exceptions-"));
Object.assign(process.env, { LOTLINE_DATA_DIR: dataDir, LOTLINE_SIMULATOR: "0", LOTLINE_JOBS: "0", LOTLINE_INGEST_BATCH_ROWS: String(SEED_BATCH), LOTLINE_INGEST_FLUSH_MS: "50" });

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (values: number[], p: number) => Math.round((nearestRank([...values].sort((a, b) => a - b), p) ?? Number.NaN) * 10) / 10;

/** Hand-offs the top-up fails, with the errors their targets answer: a few dozen groups, as a bad day has. */
const FAILING = [
  { iface: "qms-erp-hold", from: "QMS", to: "ERP", status: 500, error: "ERP hold service returned 500 Internal Server Error" },
  { iface: "qms-erp-disposition", from: "QMS", to: "ERP", status: 503, error: "ERP usage decision API returned 503 Service Unavailable" },
  { iface: "erp-mes-order", from: "ERP", to: "MES", status: 429, error: "MES API returned 429 Too Many Requests" },
  { iface: "mes-erp-confirmation", from: "MES", to: "ERP", status: 400, error: "ERP rejected confirmation: order is locked by user" },
  { iface: "erp-qms-receipt", from: "ERP", to: "QMS", status: 504, error: "QMS gateway timeout after 30000 ms" },
];

function failedMessage(i: number, lot: string, order: string, plant: string, at: number): CloudEvent[] {
  const f = FAILING[i % FAILING.length]!;
  const corr = `corr-bench-exc-${i}`;
  const messageid = `msg-bench-exc-${i.toString(16)}`;
  const ev = (type: string, t: number, extra: Record<string, unknown>, data: Record<string, unknown>): CloudEvent =>
    ({ specversion: "1.0", id: `bench-exc-${i}-${type}`, source: `/plants/${plant}/middleware`, type, time: new Date(t).toISOString(), sourcesystem: "MIDDLEWARE", plant, correlationid: corr, messageid, lotid: lot, orderid: order, data: { interface: f.iface, from: f.from, to: f.to, ...data }, ...extra }) as CloudEvent;
  return [
    ev("integration.message.failed", at, { errormessage: `${f.error} (message ${messageid}, lot ${lot})` }, { attempt: 1, httpStatus: f.status }),
    ev("integration.message.deadlettered", at + 2_000, { errormessage: `moved to dlq.${f.iface} after 1 failed attempts: ${f.error}` }, { queue: `dlq.${f.iface}`, attempts: 1 }),
  ];
}

async function main() {
  const { getRuntime } = await import("../server/runtime");
  const { runExceptionsCycle, DEFAULT_CYCLE } = await import("../lib/exceptions/exceptions-cycle");
  const { refreshGroupImpacts } = await import("../lib/exceptions/group-priority");
  const { listGroups } = await import("../lib/exceptions/inbox-query");
  const { groupDetail } = await import("../lib/exceptions/group-detail");
  const { InboxFilterSchema } = await import("../lib/exceptions/inbox-filter");
  const { impactOf } = await import("../lib/exceptions/impact");
  const { getConfig } = await import("../lib/config");
  const { TELEMETRY_TYPES } = await import("../lib/workflows/catalog");
  const { dryRun, planSelection, createReplayTask } = await import("../lib/replay/replay-tasks");
  const { resolveSelection } = await import("../lib/replay/resolve-selection");
  const { ensureSimulatorTargets } = await import("../lib/replay/replay-targets");
  const { httpSender } = await import("../lib/replay/senders");
  const { SIMULATOR_INTERFACES, startReplayServer } = await import("../ingest/simulator/replay-server");
  const { createReplayWorker } = await import("../server/replay/replay-worker");
  const { deadLetteredReleases } = await import("../ingest/simulator/dead-lettered-releases");
  const { INTERFACES } = await import("../ingest/simulator/catalog");
  const runtime = await getRuntime();
  const ch = runtime.clickhouse;
  const db = runtime.db!;

  const ingestAll = async (batches: Iterable<unknown[]>, label: string) => {
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    let n = 0;
    for (const batch of batches) {
      inFlight.push(
        runtime.ingest.ingest(batch, { channel: "simulator", requestId: `bench-${label}-${++n}` }).then((r) => {
          if (r.rejected.length > 0) throw new Error(`the ingest path rejected ${r.rejected.length} events, e.g. ${r.rejected[0]!.reason}`);
        }),
      );
      if (inFlight.length >= 2) await inFlight.shift();
    }
    await Promise.all(inFlight);
    return (performance.now() - started) / 1000;
  };

  const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
  log("simulating one hour of the estate as the pool to copy …");
  const pool = simulatorPool(end);
  log(`seeding ${fmt(args.events)} simulator events through the ingest path …`);
  const seedS = await ingestAll(simulatorBatches(pool, args.events, SEED_BATCH), "seed");

  const cycleOptions = { ...DEFAULT_CYCLE, settleMs: 0, maxBatches: 10_000 };
  const catchUp = async () => {
    const started = performance.now();
    let cycles = 0;
    for (;;) {
      const r = await runExceptionsCycle(ch, db, new Date(), cycleOptions);
      cycles++;
      if (Object.entries(r.read).every(([source, n]) => source === "divergence" || n === 0) && r.impacts === 0) break;
    }
    return { seconds: (performance.now() - started) / 1000, cycles };
  };
  log("exceptions job catching up on the seed …");
  const first = await catchUp();
  const openOf = () => db.exceptionRecord.count({ where: { status: "open" } });
  const fromSeed = await openOf();

  const topUp = Math.max(0, args.open - fromSeed);
  if (topUp > 0) {
    log(`topping up ${fmt(topUp)} failing messages on lots of the seed …`);
    const lots = (await (await ch.query({ query: "SELECT lot_id, any(order_id) AS lot_order, any(plant) AS lot_plant FROM events_by_lot WHERE order_id != '' GROUP BY lot_id ORDER BY cityHash64(lot_id) LIMIT 20000", format: "JSONEachRow" })).json()) as { lot_id: string; lot_order: string; lot_plant: string }[];
    const at = Date.now() - 6 * 3_600_000;
    const batches = function* () {
      let batch: unknown[] = [];
      for (let i = 0; i < topUp; i++) {
        const l = lots[i % lots.length]!;
        batch.push(...failedMessage(i, l.lot_id, l.lot_order, l.lot_plant, at + Math.floor((i / topUp) * 5 * 3_600_000)));
        if (batch.length >= SEED_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    };
    await ingestAll(batches(), "topup");
  }
  log("exceptions job catching up on the top-up and ranking every open group …");
  const second = await catchUp();
  // What PostgreSQL's autovacuum does on a server; PGlite has no autovacuum.
  await db.$executeRawUnsafe("ANALYZE");
  const open = await openOf();
  const groups = await db.exceptionGroup.count({ where: { state: { notIn: ["resolved", "ignored"] } } });
  await refreshGroupImpacts(ch, db, new Date(), 60_000);

  const admin: Actor = { kind: "user", id: "bench", email: "bench@lotline.local", name: "bench", role: "admin", plants: null };
  const plant = ((await db.exceptionRecord.findFirst({ where: { status: "open" }, select: { plant: true } }))?.plant ?? "P100") as string;
  const manager: Actor = { ...admin, role: "plant_manager", plants: [plant] };
  const defaults = InboxFilterSchema.parse({});
  const top = (await listGroups(db, admin, defaults, { limit: 50 })).items;

  const time = async (fn: (i: number) => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < args.samples + 5; i++) {
      const t = performance.now();
      await fn(i);
      if (i >= 5) ms.push(performance.now() - t);
    }
    return ms;
  };
  const loadBefore = loadavg()[0]!;
  const rows = {
    firstPage: await time(() => listGroups(db, admin, defaults, { limit: 50 })),
    firstPageManager: await time(() => listGroups(db, manager, defaults, { limit: 50 })),
    freeText: await time(() => listGroups(db, admin, InboxFilterSchema.parse({ q: "locked by user" }), { limit: 50 })),
    detail: await time((i) => groupDetail(db, ch, admin, top[i % top.length]!.id, { limit: 50 })),
    impactCold: await time(async (i) => {
      const g = await db.exceptionGroup.findUniqueOrThrow({ where: { id: top[i % top.length]!.id }, select: { lots: true, orders: true } });
      return impactOf(ch, { lots: g.lots, orders: g.orders });
    }),
  };
  const loadAfter = loadavg()[0]!;

  // Replay. The dry run as POST /api/v1/replays/dry-run runs it, over the newest dead letters.
  let replayBatchNo = 0;
  const replayServer = await startReplayServer({ port: 0, sink: async (events) => void (await runtime.ingest.ingest(events, { channel: "simulator", requestId: `bench-replay-${++replayBatchNo}` })) });
  await ensureSimulatorTargets(db, replayServer.url, SIMULATOR_INTERFACES, log);
  const deadLetters = (await (
    await ch.query({
      query: `SELECT correlation_id AS correlationId, message_id AS messageId FROM events_failed WHERE type = {type:String}
              ORDER BY time DESC, event_id LIMIT 1 BY correlation_id, message_id LIMIT {n:UInt32}`,
      query_params: { type: TELEMETRY_TYPES.deadLettered, n: DRY_RUN_MESSAGES },
      format: "JSONEachRow",
    })
  ).json()) as { correlationId: string; messageId: string }[];
  const selection = { kind: "messages" as const, messages: deadLetters };
  const support: Actor = { ...admin, id: "bench-support", role: "support_engineer" };
  const deps = { clickhouse: ch, db };
  const threshold = getConfig().replay.approvalThreshold;
  log(`dry runs of a ${fmt(deadLetters.length)}-message bulk replay …`);
  // Alternated, after one warm-up each, so neither role's samples carry the other's cache state.
  const dryRuns = { support: [] as number[], admin: [] as number[] };
  for (let i = -1; i < DRY_RUN_SAMPLES; i++) {
    for (const [role, actor] of [["support", support], ["admin", admin]] as const) {
      const t = performance.now();
      await dryRun(deps, actor, { selection }, threshold);
      if (i >= 0) dryRuns[role].push(performance.now() - t);
    }
  }
  const { plan } = await planSelection(deps, admin, selection);
  // The dry run's first part alone: looking up the 10k messages (the rest is supersession and the replay ledger).
  const lookups: number[] = [];
  for (let i = 0; i < DRY_RUN_SAMPLES; i++) {
    const t = performance.now();
    await resolveSelection(ch, selection, admin);
    lookups.push(performance.now() - t);
  }

  // Bulk replays to the simulator's replay API, worked by the replay worker as its job does: of
  // order releases dead-lettered while MES was down, as the simulator builds them (the newest dead
  // letters above are on lots with later deliveries, so a replay would skip many as superseded).
  const bulkReplay = async (iface: string, messages: readonly { correlationId: string; messageId: string }[], ratePerSecond: number) => {
    await db.replayTarget.update({ where: { interface: iface }, data: { ratePerSecond } });
    const task = await createReplayTask(deps, admin, { selection: { kind: "messages", messages: messages.map(({ correlationId, messageId }) => ({ correlationId, messageId })) }, reason: `bench: bulk replay at ${ratePerSecond}/s` }, Number.MAX_SAFE_INTEGER);
    const worker = createReplayWorker({ db, clickhouse: ch, senderFor: () => httpSender(process.env), log });
    const before = replayServer.processed();
    const samples: [number, number][] = [];
    const sampler = setInterval(() => samples.push([performance.now(), replayServer.processed() - before]), 100);
    const started = performance.now();
    const stop = new AbortController();
    for (;;) {
      await worker.cycle(stop.signal);
      const t = await db.replayTask.findUniqueOrThrow({ where: { id: task.id } });
      if (t.status !== "running") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const done = await db.replayTask.findUniqueOrThrow({ where: { id: task.id } });
    // The steady part: from the 10th to the 90th percent of the messages processed at the target.
    const from = samples.find(([, n]) => n >= done.succeeded * 0.1);
    const to = samples.findLast(([, n]) => n <= done.succeeded * 0.9);
    const steady = from && to && to[0] > from[0] ? ((to[1] - from[1]) / (to[0] - from[0])) * 1000 : Number.NaN;
    return { interface: iface, messages: task.remaining, succeeded: done.succeeded, failed: done.failed, seconds: Math.round(seconds * 10) / 10, steadyPerSecond: Math.round(steady * 10) / 10, overallPerSecond: Math.round((done.succeeded / seconds) * 10) / 10 };
  };
  const releases = (seed: number) => deadLetteredReleases(REPLAY_MESSAGES, plant, Date.now() - 2 * 3_600_000, seed);
  const [pacedSet, uncappedSet] = [releases(51), releases(52)];
  await ingestAll([pacedSet.events, uncappedSet.events], "replay-seed");
  log(`bulk replay of ${fmt(REPLAY_MESSAGES)} ${INTERFACES.orderRelease.name} messages at ${REPLAY_RATE}/s …`);
  const sustained = await bulkReplay(INTERFACES.orderRelease.name, pacedSet.messages, REPLAY_RATE);
  log(`bulk replay of ${fmt(REPLAY_MESSAGES)} messages with the target uncapped …`);
  const unpaced = await bulkReplay(INTERFACES.orderRelease.name, uncappedSet.messages, 10_000);
  await replayServer.close();
  const sustainedMet = Math.abs(sustained.steadyPerSecond - REPLAY_RATE) <= REPLAY_RATE * 0.1;

  const verdict = (p95: number, target: number) => (p95 <= target ? "met" : "missed");
  const table: [string, string, string, string][] = [
    ["inbox first page, admin (p50 · p95 ms)", `${pct(rows.firstPage, 50)} · ${pct(rows.firstPage, 95)}`, "p95 ≤ 50", verdict(pct(rows.firstPage, 95), 50)],
    [`inbox first page, plant manager of ${plant}`, `${pct(rows.firstPageManager, 50)} · ${pct(rows.firstPageManager, 95)}`, "p95 ≤ 50", verdict(pct(rows.firstPageManager, 95), 50)],
    ["inbox free text", `${pct(rows.freeText, 50)} · ${pct(rows.freeText, 95)}`, "", ""],
    ["group detail with impact, top 50 groups", `${pct(rows.detail, 50)} · ${pct(rows.detail, 95)}`, "p95 ≤ 100", verdict(pct(rows.detail, 95), 100)],
    ["impact computed cold (genealogy walk), same groups", `${pct(rows.impactCold, 50)} · ${pct(rows.impactCold, 95)}`, "", ""],
    [`dry run of a ${fmt(deadLetters.length)}-message bulk replay, support engineer (${plan.toSend} to send)`, `${pct(dryRuns.support, 50)} · ${pct(dryRuns.support, 95)}`, "p95 ≤ 2000", verdict(pct(dryRuns.support, 95), 2000)],
    [`dry run of a ${fmt(deadLetters.length)}-message bulk replay, admin`, `${pct(dryRuns.admin, 50)} · ${pct(dryRuns.admin, 95)}`, "p95 ≤ 2000", verdict(pct(dryRuns.admin, 95), 2000)],
    ["  of which the message lookup, admin", `${pct(lookups, 50)} · ${pct(lookups, 95)}`, "", ""],
    [`bulk replay sustained rate, ${fmt(sustained.messages)} messages, target at ${REPLAY_RATE}/s (steady · overall msg/s)`, `${sustained.steadyPerSecond} · ${sustained.overallPerSecond}`, `${REPLAY_RATE} ± 10 %`, sustainedMet ? "met" : "missed"],
    [`bulk replay, ${fmt(unpaced.messages)} messages, target uncapped (10,000/s) (steady · overall msg/s)`, `${unpaced.steadyPerSecond} · ${unpaced.overallPerSecond}`, "", ""],
  ];
  console.log(`\nbench:exceptions — ${fmt(args.events)} seeded events (${Math.round(seedS)} s), ${fmt(open)} open exceptions (${fmt(fromSeed)} from the seed, ${fmt(topUp)} topped up) in ${fmt(groups)} open groups; ${cpus().length} cores, load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`);
  console.log(`exceptions job catch-up: ${first.seconds.toFixed(1)} s over the seed (${first.cycles} cycles), ${second.seconds.toFixed(1)} s over the top-up (${second.cycles} cycles)\n`);
  console.log("| measure | measured | target | verdict |\n| --- | --- | --- | --- |");
  for (const r of table) console.log(`| ${r.join(" | ")} |`);
  const stat = (ms: number[]) => ({ p50Ms: pct(ms, 50), p95Ms: pct(ms, 95) });
  console.log(
    JSON.stringify({
      bench: "exceptions",
      cores: cpus().length,
      loadAverage: { before: loadBefore, after: loadAfter },
      events: args.events,
      openExceptions: open,
      fromSeed,
      toppedUp: topUp,
      openGroups: groups,
      catchUpSeconds: { seed: Math.round(first.seconds * 10) / 10, topUp: Math.round(second.seconds * 10) / 10 },
      inboxFirstPage: { ...stat(rows.firstPage), targetP95Ms: 50, met: pct(rows.firstPage, 95) <= 50 },
      inboxFirstPagePlantManager: { ...stat(rows.firstPageManager), targetP95Ms: 50, met: pct(rows.firstPageManager, 95) <= 50 },
      inboxFreeText: stat(rows.freeText),
      groupDetailWithImpact: { ...stat(rows.detail), targetP95Ms: 100, met: pct(rows.detail, 95) <= 100 },
      impactCold: stat(rows.impactCold),
      replayDryRun: { messages: deadLetters.length, toSend: plan.toSend, skipped: plan.skipped, supportEngineer: stat(dryRuns.support), admin: stat(dryRuns.admin), messageLookup: stat(lookups), targetP95Ms: 2000, met: pct(dryRuns.support, 95) <= 2000 && pct(dryRuns.admin, 95) <= 2000 },
      replaySustained: { ...sustained, targetPerSecond: REPLAY_RATE, met: sustainedMet },
      replayUncapped: unpaced,
    }),
  );
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
});
