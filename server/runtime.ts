import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { createEventSink } from "../ingest/sinks/clickhouse";
import { createIngestService, type IngestService } from "../ingest/service";
import { startSimulator } from "../ingest/simulator/runner";
import { createKafkaSource, type KafkaSource } from "../ingest/sources/kafka";
import { createOffsetStore, type OffsetRange } from "../ingest/sources/kafka-offsets";
import { ensureAdmin } from "../lib/auth/bootstrap-admin";
import { createClickHouse } from "../lib/clickhouse/client";
import { migrateClickHouse } from "../lib/clickhouse/migrate";
import { applyRetention } from "../lib/clickhouse/retention";
import type { WriteProbeStatus } from "../lib/clickhouse/write-probe";
import { getConfig, type Config } from "../lib/config";
import type { AppDeps } from "../lib/deps";
import { createDb, type Db } from "../lib/db/client";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { migrateDatabase } from "../lib/db/migrate";
import { createJobRegistry, type Job, type JobRegistry, type JobStatus } from "./jobs";
import { createNotifier } from "../lib/alerts/notifier";
import { exceptionsJob } from "./exceptions/exceptions-job";
import { slaEvaluatorJob } from "./sla/sla-job";
import { writeProbeJob } from "./write-probe-job";
import { replayWorkerJob } from "./replay/replay-job";
import { SIMULATOR_INTERFACES, startReplayServer, type ReplayServer } from "../ingest/simulator/replay-server";
import { ensureSimulatorTargets } from "../lib/replay/replay-targets";
import { ensureDefaultDefinitions } from "../lib/workflows/seed-definitions";

export interface Runtime {
  config: Config;
  clickhouse: ClickHouseClient;
  /** Null in the standalone ingest worker, which needs no relational data. */
  db: Db | null;
  ingest: IngestService;
  /** Present when KAFKA_BROKERS is set. */
  kafka: KafkaSource | null;
  startedAt: Date;
  simulatorRunning: boolean;
  /** The latest write-readback self-check. */
  writeProbe(): WriteProbeStatus;
  /** Whether this process runs the scheduled jobs (LOTLINE_JOBS, `npm run ingest -- --jobs`). */
  jobsRunning: boolean;
  /** Schedules one more job in this process; a no-op where another process runs the jobs. */
  registerJob(job: Job): void;
  /** Every job of this process with its last run; empty when another process runs them. */
  jobs(): JobStatus[];
  stop(): Promise<void>;
}

export interface BootOptions {
  /** The web app needs Postgres; the standalone ingest worker does not. */
  relational: boolean;
  simulator: boolean;
  /** Run the scheduled jobs here. chDB allows one process per data directory, so in embedded mode that is the web app. */
  jobs: boolean;
  /** With `jobs`, only these (by name): `npm run ingest -- --jobs=replay-worker` runs the replay worker as a process of its own. */
  onlyJobs?: readonly string[];
  log?: (message: string) => void;
  /** Fault injection for the crash tests of the Kafka source (between insert and commit). */
  kafkaAfterInsert?: (range: OffsetRange) => void;
}

async function openDatabase(config: Config, log: (m: string) => void) {
  if (config.database.mode === "server") {
    await migrateDatabase(config.database.url);
    return { db: createDb(config.database.url), stop: async () => {} };
  }
  const pg = await startEmbeddedPostgres(config.database.path);
  const migrated = await migrateDatabase(pg.connectionString);
  if (migrated.applied.length > 0) log(`database migrations applied: ${migrated.applied.join(", ")}`);
  return { db: createDb(pg.connectionString, pg.maxConnections), stop: pg.stop };
}

const BACKFILL_MINUTES = 30;

/**
 * How much history the simulator generates at start: the full window on an empty store, only
 * the gap since the last event after a restart, so restarts never stack duplicate history.
 */
async function simulatorBackfillMinutes(clickhouse: ClickHouseClient): Promise<number> {
  const rs = await clickhouse.query({
    query: `SELECT count() AS buckets, dateDiff('second', max(minute), now()) AS age_s
            FROM events_per_minute WHERE minute >= now() - INTERVAL {window:UInt32} MINUTE`,
    query_params: { window: BACKFILL_MINUTES },
    format: "JSONEachRow",
  });
  const [row] = await rs.json<{ buckets: string; age_s: string }>();
  if (!row || Number(row.buckets) === 0) return BACKFILL_MINUTES;
  // The newest bucket covers a minute that may have been running when the last process stopped.
  return Math.max(0, Math.floor((Number(row.age_s) - 60) / 60));
}

export async function bootRuntime(config: Config, options: BootOptions): Promise<Runtime> {
  const log = options.log ?? ((m: string) => console.log(`[lotline] ${m}`));
  const clickhouse = await createClickHouse(config.clickhouse);
  const chMigrated = await migrateClickHouse(clickhouse, { cluster: config.clickhouse.cluster });
  if (chMigrated.applied.length > 0) log(`clickhouse migrations applied: ${chMigrated.applied.join(", ")}`);
  await applyRetention(clickhouse, config.retentionDays, { cluster: config.clickhouse.cluster });

  const relational = options.relational ? await openDatabase(config, log) : undefined;
  if (relational) {
    await ensureAdmin(relational.db, config.auth, log);
    await ensureDefaultDefinitions(relational.db, log);
  }

  const sink = createEventSink(clickhouse);
  const ingest = createIngestService({ sink, batchRows: config.ingest.batchRows, flushMs: config.ingest.flushMs, maxPendingRows: config.ingest.maxPendingRows });
  const kafka = config.kafka
    ? createKafkaSource({ config: config.kafka, sink, offsets: createOffsetStore(clickhouse), log, afterInsert: options.kafkaAfterInsert })
    : null;
  // In the background: an unreachable broker must not hold up the web app; kafkajs keeps retrying.
  kafka?.start().catch((error: unknown) => log(`kafka: could not start: ${error instanceof Error ? error.message : String(error)}`));

  let batchNo = 0;
  const simulator = options.simulator
    ? startSimulator({
        seed: config.simulator.seed,
        workflowsPerMinute: config.simulator.workflowsPerMinute,
        backfillMinutes: await simulatorBackfillMinutes(clickhouse),
        sink: async (events) => {
          await ingest.ingest(events, { channel: "simulator", requestId: `sim-${++batchNo}` });
        },
        onError: (error) => log(`simulator: ${error instanceof Error ? error.message : String(error)}`),
      })
    : undefined;
  // The simulator's replay API, the reference integration layer: its telemetry goes through the same ingest path.
  let replayServer: ReplayServer | undefined;
  if (simulator) {
    try {
      replayServer = await startReplayServer({ port: config.replay.simulatorPort, sink: async (events) => void (await ingest.ingest(events, { channel: "simulator", requestId: `sim-replay-${++batchNo}` })),
        onError: (error) => log(`simulator replay API: telemetry lost: ${error instanceof Error ? error.message : String(error)}`),
      });
      if (relational) await ensureSimulatorTargets(relational.db, replayServer.url, SIMULATOR_INTERFACES, log);
    } catch (error) {
      log(`simulator replay API: could not start on port ${config.replay.simulatorPort}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const writeProbe = writeProbeJob(config.ingest.writeProbeMs);
  const registry = createJobRegistry({ config, clickhouse, db: relational?.db ?? null, log });
  const offered: string[] = [];
  const jobs: JobRegistry = {
    ...registry,
    register(job) {
      offered.push(job.name);
      if (!options.onlyJobs || options.onlyJobs.includes(job.name)) registry.register(job);
    },
  };
  // Scheduled background work: one line per job, before start.
  jobs.register(writeProbe);
  if (relational) {
    jobs.register(slaEvaluatorJob({ intervalMs: config.sla.evaluateEveryMs, notifier: (ctx) => createNotifier({ db: ctx.db, config: ctx.config, log: ctx.log }).notify }));
    jobs.register(exceptionsJob(config.exceptions.everyMs));
  }
  const replayWorker = relational ? replayWorkerJob({ intervalMs: config.replay.pollMs }) : null;
  if (replayWorker) jobs.register(replayWorker);
  const unknownJobs = options.onlyJobs?.filter((name) => !offered.includes(name)) ?? [];
  if (unknownJobs.length > 0) throw new Error(`no job named ${unknownJobs.join(", ")} in this process; its jobs are ${offered.join(", ")}`);
  if (options.jobs) jobs.start();
  log(
    `ready: clickhouse ${config.clickhouse.mode}, database ${options.relational ? config.database.mode : "off"}, simulator ${simulator ? "on" : "off"}, kafka ${kafka ? "on" : "off"}, jobs ${options.jobs ? (options.onlyJobs?.join(", ") ?? "on") : "off"}`,
  );

  return {
    config,
    clickhouse,
    db: relational?.db ?? null,
    ingest,
    kafka,
    startedAt: new Date(),
    simulatorRunning: simulator !== undefined,
    writeProbe: writeProbe.status,
    jobsRunning: options.jobs,
    registerJob: (job) => {
      if (options.jobs) jobs.register(job);
    },
    jobs: () => (options.jobs ? jobs.status() : []),
    async stop() {
      await jobs.stop();
      await replayWorker?.close();
      await replayServer?.close();
      await kafka?.stop();
      await simulator?.stop();
      await ingest.close();
      if (relational) {
        await relational.db.$disconnect();
        await relational.stop();
      }
      await clickhouse.close();
    },
  };
}

const RUNTIME_KEY = Symbol.for("lotline.runtime");
type RuntimeHolder = { [RUNTIME_KEY]?: Promise<Runtime> };

/**
 * The process-wide runtime. Next.js bundles instrumentation and each route separately, so
 * module state would be duplicated; the promise lives on globalThis instead (chDB also
 * allows only one engine per data directory and process).
 */
export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as RuntimeHolder;
  holder[RUNTIME_KEY] ??= bootRuntime(getConfig(), { relational: true, simulator: getConfig().simulator.enabled, jobs: getConfig().jobs ?? true }).catch((error: unknown) => {
    delete holder[RUNTIME_KEY];
    throw error;
  });
  return holder[RUNTIME_KEY];
}

export async function getDb(): Promise<Db> {
  const { db } = await getRuntime();
  if (!db) throw new Error("the relational database is not open in this process");
  return db;
}

/** The stores a request handler passes into lib/. */
export async function appDeps(): Promise<AppDeps> {
  const runtime = await getRuntime();
  if (!runtime.db) throw new Error("the relational database is not open in this process");
  return { clickhouse: runtime.clickhouse, db: runtime.db, pipeline: runtime };
}
