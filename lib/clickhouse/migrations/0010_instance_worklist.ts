import { engine, onCluster, type Migration } from "../ddl";

/** Every column of workflow_instance_states, in its order: the worklist table has the same rows. */
const STATE_COLUMNS = `plant, workflow, correlation_id, version, trigger_time, status, sla_state, current_stage, stage_keys, stage_times,
  deadline, reached_at, time_to_breach_ms, over_by_ms, at_risk_reason, failures, retries, dead_letters, lots, orders,
  last_event_at, next_check_at, evaluated_at`;

/** What needs action: late or at risk and not completed, or failed (the worklist's default list; `needsAction` in lib/slas/sla-writes.ts). */
const NEEDS_ACTION_SQL = "((status != 'completed' AND sla_state IN ('breached', 'at_risk')) OR status = 'failed')";

/**
 * `workflow_instance_worklist`: the instances that need action, with their latest state. A
 * plant's worklist read workflow_instance_states FINAL over the plant's whole history,
 * completed instances included, and grew with it. The view copies a state row that needs
 * action, and every later row of an instance already in the table, so an instance that
 * completes or recovers leaves its newest state behind and FINAL never shows a state it has
 * left; the evaluator then deletes such instances (lib/slas/sla-writes.ts, dropFromWorklist),
 * which keeps the table to what needs action now. Keyed, partitioned and versioned as the
 * states table, so FINAL picks the same row in both. Back-filled from the states as they stand.
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
WHERE workflow != '' AND (${NEEDS_ACTION_SQL} OR correlation_id IN (SELECT correlation_id FROM workflow_instance_worklist))`,
    `INSERT INTO workflow_instance_worklist SELECT ${STATE_COLUMNS}
FROM workflow_instance_states FINAL
WHERE workflow != '' AND ${NEEDS_ACTION_SQL}`,
  ],
};
