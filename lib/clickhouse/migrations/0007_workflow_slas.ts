import { dedupSettings, engine, onCluster, type Migration } from "../ddl";

const andWhere = (where: string) => (where ? ` AND ${where}` : "");

/** What the instances view selects; with `where`, the same over a slice of events the view did not see (a backfill). */
export function workflowInstancesSelect(where = ""): string {
  return `SELECT correlation_id,
  min(time) AS first_time,
  max(time) AS last_time,
  max(ingested_at) AS last_ingested,
  max(plant) AS plant,
  minMap(map(concat(type, ' ', source_system), time)) AS firsts,
  groupUniqArrayArray(if(lot_id = '', [], [lot_id])) AS lots,
  groupUniqArrayArray(if(order_id = '', [], [order_id])) AS orders,
  countIf(status = 'failed') AS failures,
  countIf(type = 'integration.message.retried') AS retries,
  countIf(status = 'dead_lettered') AS dead_letters,
  countIf(type = 'integration.message.replayed') AS replays,
  maxIf(time, status IN ('failed', 'dead_lettered')) AS last_failure_at,
  maxIf(time, type = 'integration.message.delivered') AS last_delivered_at
FROM events
WHERE correlation_id != ''${andWhere(where)}
GROUP BY correlation_id`;
}

/** What the per-type rollup view selects; with `where`, over a slice of events not yet counted. */
export function eventsPerMinuteByTypeSelect(where = ""): string {
  return `SELECT toStartOfMinute(time) AS minute, plant, source_system, type, count() AS events
FROM events${where ? ` WHERE ${where}` : ""} GROUP BY minute, plant, source_system, type`;
}

/**
 * The SLA engine's tables (docs/slas.md).
 *
 * `workflow_instances`: one aggregate per correlation id, maintained by a view as events arrive,
 * holding what any workflow definition needs to judge the instance — the first time of every
 * (event type, source system) pair, failures, retries, dead letters, plant, lots and orders.
 * Definitions live in Postgres and change; keeping first times per type rather than per stage
 * lets an edited definition judge new instances without rewriting this table. Counts are
 * plain sums rather than exact-distinct states, which are dearer on the ingest path: a retried
 * insert is already dropped by its deduplication token, and a verdict never depends on a
 * count — failed or not comes from the last failure and delivery times.
 *
 * `workflow_instance_states`, `sla_breaches`, `sla_outcomes`, `sla_daily`: written by the
 * evaluator job. `sla_daily` has no TTL: attainment history outlives raw events.
 */
export const migration0007: Migration = {
  version: 7,
  name: "workflow_slas",
  statements: (ctx) => {
    const settings = dedupSettings(ctx);
    const withSettings = settings ? `\nSETTINGS ${settings}` : "";
    const instanceSelect = workflowInstancesSelect();
    const perTypeSelect = eventsPerMinuteByTypeSelect();
    return [
      `CREATE TABLE IF NOT EXISTS workflow_instances${onCluster(ctx)} (
  correlation_id String,
  first_time SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
  last_time SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
  last_ingested SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
  plant SimpleAggregateFunction(max, LowCardinality(String)),
  firsts SimpleAggregateFunction(minMap, Map(String, DateTime64(3, 'UTC'))),
  lots SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
  orders SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
  failures SimpleAggregateFunction(sum, UInt64),
  retries SimpleAggregateFunction(sum, UInt64),
  dead_letters SimpleAggregateFunction(sum, UInt64),
  replays SimpleAggregateFunction(sum, UInt64),
  last_failure_at SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
  last_delivered_at SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
  INDEX ix_last_ingested last_ingested TYPE minmax GRANULARITY 1
) ENGINE = ${engine(ctx, "AggregatingMergeTree")}
ORDER BY correlation_id${withSettings}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS workflow_instances_mv${onCluster(ctx)} TO workflow_instances AS
${instanceSelect}`,
      `INSERT INTO workflow_instances ${instanceSelect}`,

      // Volume non-events count events by type; events_per_minute has no type column.
      `CREATE TABLE IF NOT EXISTS events_per_minute_by_type${onCluster(ctx)} (
  minute DateTime('UTC'),
  plant LowCardinality(String),
  source_system LowCardinality(String),
  type LowCardinality(String),
  events UInt64
) ENGINE = ${engine(ctx, "SummingMergeTree", "events")}
PARTITION BY toYYYYMM(minute)
ORDER BY (type, minute, plant, source_system)${withSettings}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS events_per_minute_by_type_mv${onCluster(ctx)} TO events_per_minute_by_type AS
${perTypeSelect}`,
      `INSERT INTO events_per_minute_by_type ${perTypeSelect}`,

      // Keyed by plant and workflow so a plant's worklist reads one key range.
      `CREATE TABLE IF NOT EXISTS workflow_instance_states${onCluster(ctx)} (
  plant LowCardinality(String),
  workflow LowCardinality(String),
  correlation_id String,
  version UInt32,
  trigger_time DateTime64(3, 'UTC'),
  status LowCardinality(String),
  sla_state LowCardinality(String),
  current_stage LowCardinality(String),
  stage_keys Array(LowCardinality(String)),
  stage_times Array(Nullable(DateTime64(3, 'UTC'))),
  deadline DateTime64(3, 'UTC'),
  reached_at Nullable(DateTime64(3, 'UTC')),
  time_to_breach_ms Int64,
  over_by_ms Int64,
  at_risk_reason LowCardinality(String),
  failures UInt32,
  retries UInt32,
  dead_letters UInt32,
  lots Array(String),
  orders Array(String),
  last_event_at DateTime64(3, 'UTC'),
  next_check_at DateTime64(3, 'UTC'),
  evaluated_at DateTime64(3, 'UTC'),
  INDEX ix_next_check next_check_at TYPE minmax GRANULARITY 1
) ENGINE = ${engine(ctx, "ReplacingMergeTree", "evaluated_at")}
PARTITION BY toYYYYMM(trigger_time)
ORDER BY (plant, workflow, correlation_id)`,

      // Breaches of every kind (stage, end to end, non-events, budget burns) with stable ids:
      // the exception inbox keys its workflow state by breach_id.
      `CREATE TABLE IF NOT EXISTS sla_breaches${onCluster(ctx)} (
  breach_id String,
  kind LowCardinality(String),
  severity LowCardinality(String),
  definition LowCardinality(String),
  plant LowCardinality(String),
  stage LowCardinality(String),
  correlation_id String,
  started_at DateTime64(3, 'UTC'),
  ended_at Nullable(DateTime64(3, 'UTC')),
  over_by_ms Int64,
  status LowCardinality(String),
  summary String,
  labels Map(String, String),
  detected_at DateTime64(3, 'UTC'),
  closed_at Nullable(DateTime64(3, 'UTC')),
  updated_at DateTime64(3, 'UTC'),
  INDEX ix_started started_at TYPE minmax GRANULARITY 1
) ENGINE = ${engine(ctx, "ReplacingMergeTree", "updated_at")}
ORDER BY breach_id`,

      // One decided end-to-end outcome per instance: met when the closing stage was reached in
      // time, breached when its deadline passed. Decided once, so recounting a day is exact.
      `CREATE TABLE IF NOT EXISTS sla_outcomes${onCluster(ctx)} (
  decided_day Date,
  workflow LowCardinality(String),
  plant LowCardinality(String),
  correlation_id String,
  decided_at DateTime64(3, 'UTC'),
  met UInt8,
  latency_ms Int64,
  stage_keys Array(LowCardinality(String)),
  stage_ms Array(Int64),
  written_at DateTime64(3, 'UTC')
) ENGINE = ${engine(ctx, "ReplacingMergeTree", "written_at")}
PARTITION BY toYYYYMM(decided_day)
ORDER BY (decided_day, workflow, plant, correlation_id)`,

      // stage '' is end to end. Rewritten whole for each day the evaluator touches.
      `CREATE TABLE IF NOT EXISTS sla_daily${onCluster(ctx)} (
  day Date,
  workflow LowCardinality(String),
  plant LowCardinality(String),
  stage LowCardinality(String),
  decided UInt64,
  met UInt64,
  latency AggregateFunction(quantilesTDigest(0.5, 0.95), Float64),
  computed_at DateTime64(3, 'UTC')
) ENGINE = ${engine(ctx, "ReplacingMergeTree", "computed_at")}
ORDER BY (day, workflow, plant, stage)`,

      `CREATE TABLE IF NOT EXISTS sla_evaluator_watermark${onCluster(ctx)} (
  id UInt8,
  watermark DateTime64(3, 'UTC'),
  updated_at DateTime64(3, 'UTC')
) ENGINE = ${engine(ctx, "ReplacingMergeTree", "updated_at")}
ORDER BY id`,
    ];
  },
};
