import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { RollingWindow } from "./rolling-window";

/** Where events came from (received, dead letters) ... */
export type IngestSource = "http" | "kafka" | "simulator" | "otlp";
/** ... and which writer inserted them: the Kafka source per partition range, or the shared batcher of the other sources. */
export type InsertPipeline = "kafka" | "batched";

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "lotline_" });
  const labelNames = ["source"] as const;
  const pipeline = ["pipeline"] as const;
  return {
    registry,
    eventsReceived: new Counter({ name: "lotline_ingest_events_received_total", help: "Events received, valid or not", labelNames, registers: [registry] }),
    eventsWritten: new Counter({ name: "lotline_ingest_events_written_total", help: "Events written to ClickHouse", labelNames: pipeline, registers: [registry] }),
    deadLetters: new Counter({ name: "lotline_ingest_dead_letters_total", help: "Records stored in dead_letters with a reason", labelNames, registers: [registry] }),
    retries: new Counter({ name: "lotline_ingest_retries_total", help: "ClickHouse writes retried after a failure", labelNames: pipeline, registers: [registry] }),
    batchRows: new Histogram({
      name: "lotline_ingest_batch_rows",
      help: "Rows per ClickHouse insert",
      labelNames: pipeline,
      buckets: [1, 10, 100, 500, 1_000, 5_000, 10_000, 50_000, 100_000],
      registers: [registry],
    }),
    insertSeconds: new Histogram({
      name: "lotline_ingest_insert_seconds",
      help: "Duration of one ClickHouse insert",
      labelNames: pipeline,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    freshnessSeconds: new Histogram({
      name: "lotline_ingest_freshness_seconds",
      help: "Event time to written in ClickHouse, for events up to 10 minutes old",
      labelNames: pipeline,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    kafkaLag: new Gauge({ name: "lotline_kafka_consumer_lag", help: "Messages behind the high watermark after the last batch", labelNames: ["topic", "partition"], registers: [registry] }),
    /** Rows written in the last minute, for the overview's "events/s now". */
    recentWritten: new RollingWindow(60_000),
    /** Event time → written, in ms, over the last minute. */
    recentFreshnessMs: new RollingWindow(60_000, 20_000),
    writeReadbackOk: new Gauge({ name: "lotline_write_readback_ok", help: "1 while the last write-readback self-check found its row stored, 0 after a failed one", registers: [registry] }),
    writeReadbackFailures: new Counter({ name: "lotline_write_readback_failures_total", help: "Write-readback self-checks whose row was not stored exactly once or that failed", registers: [registry] }),
    writeReadbackSeconds: new Gauge({ name: "lotline_write_readback_seconds", help: "Duration of the last write-readback self-check", registers: [registry] }),
    jobRuns: new Counter({ name: "lotline_job_runs_total", help: "Runs of each scheduled job by outcome (success, failure, skipped because the previous run was still going)", labelNames: ["job", "outcome"], registers: [registry] }),
    jobLastSuccess: new Gauge({ name: "lotline_job_last_success_timestamp_seconds", help: "Unix time the job last finished without error", labelNames: ["job"], registers: [registry] }),
    jobDuration: new Histogram({
      name: "lotline_job_duration_seconds",
      help: "Duration of each run of a scheduled job",
      labelNames: ["job"],
      buckets: [0.005, 0.025, 0.1, 0.5, 1, 2.5, 10, 30, 120],
      registers: [registry],
    }),
    kafkaBackingOff: new Gauge({ name: "lotline_kafka_backing_off", help: "1 while the Kafka source retries a failing ClickHouse write", registers: [registry] }),
    sloAttainment: new Gauge({ name: "lotline_slo_attainment_ratio", help: "Share of decided instances that met the end-to-end SLA", labelNames: ["workflow", "plant", "window"], registers: [registry] }),
    sloObjective: new Gauge({ name: "lotline_slo_objective_ratio", help: "The SLO: share of instances that must meet the end-to-end SLA", labelNames: ["workflow"], registers: [registry] }),
    sloBudgetRemaining: new Gauge({
      name: "lotline_slo_error_budget_remaining_ratio",
      help: "Error budget left over the window: 1 untouched, 0 spent, negative overspent",
      labelNames: ["workflow", "plant", "window"],
      registers: [registry],
    }),
    sloBurnRate: new Gauge({ name: "lotline_slo_burn_rate", help: "Error-budget burn rate over the window (1 = on budget)", labelNames: ["workflow", "plant", "window"], registers: [registry] }),
    slaOpenBreaches: new Gauge({ name: "lotline_sla_open_breaches", help: "Open breaches by kind", labelNames: ["workflow", "plant", "kind"], registers: [registry] }),
    slaCycleSeconds: new Gauge({ name: "lotline_sla_evaluator_cycle_seconds", help: "Duration of the last SLA evaluator cycle", registers: [registry] }),
    slaCycleInstances: new Gauge({ name: "lotline_sla_evaluator_instances", help: "Instances judged in the last SLA evaluator cycle", registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const KEY = Symbol.for("lotline.metrics");

/** One registry per process: Next.js bundles each route separately, so it lives on globalThis. */
export function metrics(): Metrics {
  const holder = globalThis as { [KEY]?: Metrics };
  holder[KEY] ??= createMetrics();
  return holder[KEY];
}

const FRESHNESS_HORIZON_MS = 10 * 60_000;

/** Records one successful insert: size, duration and how old its events were when they landed. */
export function observeInsert(pipeline: InsertPipeline, eventTimesMs: readonly number[], seconds: number): void {
  const m = metrics();
  const now = Date.now();
  let written = 0;
  for (const time of eventTimesMs) {
    // NaN: an event ClickHouse refused (dead-lettered), not written.
    if (Number.isNaN(time)) continue;
    written += 1;
    const age = now - time;
    if (age >= 0 && age <= FRESHNESS_HORIZON_MS) {
      m.freshnessSeconds.observe({ pipeline }, age / 1000);
      m.recentFreshnessMs.add(age, now);
    }
  }
  m.batchRows.observe({ pipeline }, written);
  m.insertSeconds.observe({ pipeline }, seconds);
  m.eventsWritten.inc({ pipeline }, written);
  m.recentWritten.add(written, now);
}
