import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { runQuery } from "../clickhouse/query";
import { metrics } from "../metrics";

export interface PipelineStatus {
  /** Events written per second over the last minute, all sources. */
  eventsPerSecond: number;
  /** Event time → written, over the last minute; null when nothing live was written. */
  freshnessP50Ms: number | null;
  freshnessP95Ms: number | null;
  deadLettersLastHour: number;
  pendingRows: number;
  lastError: string | null;
  kafka: { state: string; lag: number; lastError: string | null } | null;
}

/** The live counters of this process's ingest; the server runtime is one. */
export interface PipelineSource {
  ingest: { stats(): { pendingRows: number; lastError: string | null } };
  kafka: { stats(): { state: string; lag: Record<string, number>; lastError: string | null } } | null;
}

/** How the ingest pipeline of this process is doing now: rate, freshness, lag, errors. */
export async function getPipelineStatus(ch: ClickHouseClient, source: PipelineSource): Promise<PipelineStatus> {
  const m = metrics();
  const [dead] = await runQuery<{ n: string }>(ch, "pipeline-dead-letters", "SELECT count() AS n FROM dead_letters WHERE received_at >= now() - INTERVAL 1 HOUR");
  const ingest = source.ingest.stats();
  const kafka = source.kafka?.stats();
  return {
    eventsPerSecond: Math.round(m.recentWritten.sum() / 60),
    freshnessP50Ms: m.recentFreshnessMs.percentile(50),
    freshnessP95Ms: m.recentFreshnessMs.percentile(95),
    deadLettersLastHour: Number(dead?.n ?? 0),
    pendingRows: ingest.pendingRows,
    lastError: ingest.lastError,
    kafka: kafka ? { state: kafka.state, lag: Object.values(kafka.lag).reduce((a, b) => a + b, 0), lastError: kafka.lastError } : null,
  };
}
