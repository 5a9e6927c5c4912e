import { randomUUID } from "node:crypto";
import type { ClickHouseClient } from "@clickhouse/client";

export interface WriteProbeStatus {
  ok: boolean;
  /** When the last check finished; null before the first. */
  checkedAt: string | null;
  latencyMs: number | null;
  /** Checks failed in a row; a single slow or failed write is not yet an outage. */
  consecutiveFailures: number;
  lastOkAt: string | null;
  error: string | null;
}

export interface WriteProbeResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/**
 * Writes one uniquely identified row the way the ingest writes events (the same client, no
 * deduplication token) and reads it back. A 202 is only as good as this: an insert that
 * succeeds but stores nothing — as a leaked deduplication token did — fails here.
 */
export async function probeWriteReadback(client: ClickHouseClient): Promise<WriteProbeResult> {
  const started = performance.now();
  const probeId = randomUUID();
  try {
    await client.insert({ table: "write_probes", values: [{ probe_id: probeId }], format: "JSONEachRow" });
    const rs = await client.query({ query: "SELECT count() AS n FROM write_probes WHERE probe_id = {id:String}", query_params: { id: probeId }, format: "JSONEachRow" });
    const [row] = await rs.json<{ n: string | number }>();
    const found = Number(row?.n ?? 0);
    const latencyMs = Math.round(performance.now() - started);
    if (found === 1) return { ok: true, latencyMs };
    return { ok: false, latencyMs, error: `a written probe row read back ${found} times instead of once: inserts are acknowledged but not stored` };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}

export function initialWriteProbeStatus(): WriteProbeStatus {
  return { ok: true, checkedAt: null, latencyMs: null, consecutiveFailures: 0, lastOkAt: null, error: null };
}

/** The status after one more check. */
export function nextWriteProbeStatus(previous: WriteProbeStatus, result: WriteProbeResult, at: Date): WriteProbeStatus {
  const checkedAt = at.toISOString();
  return result.ok
    ? { ok: true, checkedAt, latencyMs: result.latencyMs, consecutiveFailures: 0, lastOkAt: checkedAt, error: null }
    : { ok: false, checkedAt, latencyMs: result.latencyMs, consecutiveFailures: previous.consecutiveFailures + 1, lastOkAt: previous.lastOkAt, error: result.error ?? "unknown" };
}
