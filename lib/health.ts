import "server-only";
import { getRuntime } from "./runtime";

export interface ComponentHealth {
  ok: boolean;
  mode?: string;
  latencyMs?: number;
  error?: string;
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

/** Liveness of each dependency, checked for real on every call. */
export async function getHealth() {
  let runtime;
  try {
    runtime = await getRuntime();
  } catch (error) {
    return { status: "down" as const, error: error instanceof Error ? error.message : String(error) };
  }
  const [clickhouse, database] = await Promise.all([
    timed(() => runtime.clickhouse.query({ query: "SELECT 1", format: "JSONEachRow" }).then((r) => r.json())),
    runtime.db ? timed(() => runtime.db!.$queryRaw`SELECT 1`) : Promise.resolve<ComponentHealth>({ ok: false, error: "not open in this process" }),
  ]);
  const ingest = runtime.ingest.stats();
  const ingestOk = ingest.lastError === null;
  const writeReadback = runtime.writeProbe();
  return {
    status: clickhouse.ok && database.ok && ingestOk && writeReadback.ok ? ("ok" as const) : ("degraded" as const),
    uptimeSeconds: Math.round((Date.now() - runtime.startedAt.getTime()) / 1000),
    clickhouse: { ...clickhouse, mode: runtime.config.clickhouse.mode, writeReadback },
    database: { ...database, mode: runtime.config.database.mode },
    ingest: { ok: ingestOk, simulator: runtime.simulatorRunning, ...ingest },
  };
}
