import { engine, onCluster, type Migration } from "../ddl";

/** Every column of workflow_instance_states, in its order: the worklist table has the same rows. */
const STATE_COLUMNS = `plant, workflow, correlation_id, version, trigger_time, status, sla_state, current_stage, stage_keys, stage_times,
  deadline, reached_at, time_to_breach_ms, over_by_ms, at_risk_reason, failures, retries, dead_letters, lots, orders,
  last_event_at, next_check_at, evaluated_at`;

/** The states that put an instance on the worklist: late, at risk or failed. */
const WORKLIST_STATE_SQL = "(sla_state IN ('breached', 'at_risk') OR status = 'failed')";

/**
 * `workflow_instance_worklist`: the latest state of every instance that has been late, at risk
 * or failed, and only of those. A plant's worklist ("what needs action") read
 * workflow_instance_states FINAL over the plant's whole history, completed instances included,
 * and grew with it; this table holds a few per cent of those rows. The view copies a state row
 * when it puts the instance on the worklist, and every later row of an instance already there,
 * so an instance that completes or recovers leaves with its newest state and FINAL never shows
 * a state it has left. Keyed, partitioned and versioned as the states table, so FINAL picks the
 * same row in both. Back-filled from the states as they stand.
 */
export const migration0010: Migration = {
  version: 10,
  name: "instance_worklist",
  statements: (ctx) => [
    `CREATE TABLE IF NOT EXISTS workflow_instance_worklist${onCluster(ctx)} (
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
  evaluated_at DateTime64(3, 'UTC')
) ENGINE = ${engine(ctx, "ReplacingMergeTree", "evaluated_at")}
PARTITION BY toYYYYMM(trigger_time)
ORDER BY (plant, workflow, correlation_id)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS workflow_instance_worklist_mv${onCluster(ctx)} TO workflow_instance_worklist AS
SELECT ${STATE_COLUMNS}
FROM workflow_instance_states
WHERE workflow != '' AND (${WORKLIST_STATE_SQL} OR correlation_id IN (SELECT correlation_id FROM workflow_instance_worklist))`,
    `INSERT INTO workflow_instance_worklist SELECT ${STATE_COLUMNS}
FROM workflow_instance_states FINAL
WHERE workflow != '' AND ${WORKLIST_STATE_SQL}`,
  ],
};
