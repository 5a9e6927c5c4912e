import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { toClickHouseTime } from "../clickhouse/time";
import type { InstanceAggregate } from "./evaluate-instance";

interface AggregateRow {
  correlation_id: string;
  first_ms: string;
  last_ms: string;
  plant: string;
  fk: string[];
  ft: string[];
  lot_ids: string[];
  order_ids: string[];
  n_failures: string;
  n_retries: string;
  n_dead: string;
  n_replays: string;
  failure_ms: string;
  delivered_ms: string;
}

// Aliases never reuse a column name: ClickHouse would resolve the alias inside the aggregate.
const AGGREGATE_SQL = `SELECT correlation_id, first_ms, last_ms, plant, mapKeys(f) AS fk, arrayMap(t -> toUnixTimestamp64Milli(t), mapValues(f)) AS ft,
  lot_ids, order_ids, n_failures, n_retries, n_dead, n_replays, failure_ms, delivered_ms
FROM (
  SELECT correlation_id,
    toUnixTimestamp64Milli(min(first_time)) AS first_ms,
    toUnixTimestamp64Milli(max(last_time)) AS last_ms,
    max(plant) AS plant,
    minMap(firsts) AS f,
    arraySlice(groupUniqArrayArray(lots), 1, 50) AS lot_ids,
    arraySlice(groupUniqArrayArray(orders), 1, 50) AS order_ids,
    sum(failures) AS n_failures,
    sum(retries) AS n_retries,
    sum(dead_letters) AS n_dead,
    sum(replays) AS n_replays,
    toUnixTimestamp64Milli(max(last_failure_at)) AS failure_ms,
    toUnixTimestamp64Milli(max(last_delivered_at)) AS delivered_ms
  FROM workflow_instances
  WHERE correlation_id IN {ids:Array(String)}
  GROUP BY correlation_id
)`;

function toAggregate(r: AggregateRow): InstanceAggregate {
  return {
    correlationId: r.correlation_id,
    firstTime: Number(r.first_ms),
    lastTime: Number(r.last_ms),
    plant: r.plant,
    firsts: r.fk.map((k, i) => {
      const space = k.lastIndexOf(" ");
      return { type: k.slice(0, space), source: k.slice(space + 1), at: Number(r.ft[i]) };
    }),
    lots: r.lot_ids,
    orders: r.order_ids,
    failures: Number(r.n_failures),
    retries: Number(r.n_retries),
    deadLetters: Number(r.n_dead),
    replays: Number(r.n_replays),
    lastFailureAt: Number(r.failure_ms),
    lastDeliveredAt: Number(r.delivered_ms),
  };
}

/** The aggregates of these correlation ids (one primary-key range read each). */
export async function loadInstanceAggregates(ch: ClickHouseClient, ids: readonly string[]): Promise<InstanceAggregate[]> {
  if (ids.length === 0) return [];
  const rs = await ch.query({ query: AGGREGATE_SQL, query_params: { ids }, format: "JSONEachRow", query_id: `sla-load-aggregates-${crypto.randomUUID()}` });
  return (await rs.json<AggregateRow>()).map(toAggregate);
}

/**
 * The instances a cycle must judge again: those with events ingested since `changedSince`, and
 * those whose next state change (at risk, breach) fell due in (dueFrom, dueTo]. Both filters
 * hit minmax skip indexes, so unchanged history is skipped by granule.
 */
export async function candidateIds(ch: ClickHouseClient, window: { changedSince: number; dueFrom: number; dueTo: number }): Promise<string[]> {
  const rs = await ch.query({
    query: `SELECT correlation_id FROM workflow_instances WHERE last_ingested > {changedSince:DateTime64(3)}
            UNION DISTINCT
            SELECT correlation_id FROM workflow_instance_states WHERE next_check_at > {dueFrom:DateTime64(3)} AND next_check_at <= {dueTo:DateTime64(3)}`,
    query_params: { changedSince: toClickHouseTime(window.changedSince), dueFrom: toClickHouseTime(window.dueFrom), dueTo: toClickHouseTime(window.dueTo) },
    format: "JSONCompactEachRow",
    query_id: `sla-candidates-${crypto.randomUUID()}`,
  });
  return (await rs.json<[string]>()).map((r) => r[0]).sort();
}
