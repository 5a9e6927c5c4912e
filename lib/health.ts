import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import type { WriteProbeStatus } from "./clickhouse/write-probe";
import type { Config } from "./config";
import type { Db } from "./db/client";

export interface ComponentHealth {
  ok: boolean;
  mode?: string;
  latencyMs?: number;
  error?: string;
}

/** One scheduled job as health and the metrics report it. */
export interface JobHealth {
  name: string;
  intervalMs: number;
  /** False while the last run failed. */
  ok: boolean;
  running: boolean;
  runs: number;
  failures: number;
  /** Due runs not started because the previous one was still going. */
  skipped: number;
  lastStartedAt: string | null;
  lastDurationMs: number | null;
  lastSuccessAt: string | null;
  lastError: string | null;
}

/** What health looks at; the server runtime is one. */
export interface HealthSource {
  config: Pick<Config, "clickhouse" | "database">;
  clickhouse: ClickHouseClient;
  db: Db | null;
  ingest: { stats(): { lastError: string | null } };
  startedAt: Date;
  simulatorRunning: boolean;
  writeProbe(): WriteProbeStatus;
  /** Jobs this process runs; empty when another process runs them. */
  jobs(): JobHealth[];
}

async function timed(check: () => Promise<unknown>): Promise<ComponentHealth> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}

/** Liveness of each dependency, checked for real on every call; `boot` failing is "down". */
export async function getHealth(boot: () => Promise<HealthSource>) {
  let runtime: HealthSource;
  try {
    runtime = await boot();
  } catch (error) {
    return { status: "down" as const, error: error instanceof Error ? error.message : String(error) };
  }
  const db = runtime.db;
  const [clickhouse, database] = await Promise.all([
    timed(() => runtime.clickhouse.query({ query: "SELECT 1", format: "JSONEachRow" }).then((r) => r.json())),
    db ? timed(() => db.$queryRaw`SELECT 1`) : Promise.resolve<ComponentHealth>({ ok: false, error: "not open in this process" }),
  ]);
  const ingest = runtime.ingest.stats();
  const ingestOk = ingest.lastError === null;
  const writeReadback = runtime.writeProbe();
  const jobs = runtime.jobs();
  const jobsOk = jobs.every((job) => job.ok);
  return {
    status: clickhouse.ok && database.ok && ingestOk && writeReadback.ok && jobsOk ? ("ok" as const) : ("degraded" as const),
    uptimeSeconds: Math.round((Date.now() - runtime.startedAt.getTime()) / 1000),
    clickhouse: { ...clickhouse, mode: runtime.config.clickhouse.mode, writeReadback },
    database: { ...database, mode: runtime.config.database.mode },
    ingest: { ok: ingestOk, simulator: runtime.simulatorRunning, ...ingest },
    jobs: { ok: jobsOk, list: jobs },
  };
}
