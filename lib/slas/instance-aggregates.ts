import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { toClickHouseTime } from "../clickhouse/time";
import type { FirstSeen, InstanceAggregate } from "./evaluate-instance";

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

/** Ids per instance whose linked events are read; an order or lot with more is a data problem, not a workflow. */
const LINKED_KEYS_PER_INSTANCE = 20;

/** First time of each (type, source) per order or lot id, from the lookup tables keyed by them. */
async function firstsByKey(ch: ClickHouseClient, table: "events_by_order" | "events_by_lot", column: "order_id" | "lot_id", keys: string[]): Promise<Map<string, FirstSeen[]>> {
  const out = new Map<string, FirstSeen[]>();
  if (keys.length === 0) return out;
  const rs = await ch.query({
    query: `SELECT ${column} AS k, type, source_system, toUnixTimestamp64Milli(min(time)) AS at FROM ${table} WHERE ${column} IN {keys:Array(String)} GROUP BY k, type, source_system`,
    query_params: { keys },
    format: "JSONEachRow",
  });
  for (const r of await rs.json<{ k: string; type: string; source_system: string; at: string }>()) {
    const list = out.get(r.k) ?? [];
    list.push({ type: r.type, source: r.source_system, at: Number(r.at) });
    out.set(r.k, list);
  }
  return out;
}

/** Adds to each aggregate the events of its orders and lots, for stages carried by them. */
async function withLinkedEvents(ch: ClickHouseClient, aggregates: InstanceAggregate[]): Promise<InstanceAggregate[]> {
  const keysOf = (a: InstanceAggregate, kind: "orders" | "lots") => a[kind].slice(0, LINKED_KEYS_PER_INSTANCE);
  const byOrder = await firstsByKey(ch, "events_by_order", "order_id", [...new Set(aggregates.flatMap((a) => keysOf(a, "orders")))]);
  const byLot = await firstsByKey(ch, "events_by_lot", "lot_id", [...new Set(aggregates.flatMap((a) => keysOf(a, "lots")))]);
  return aggregates.map((a) => ({
    ...a,
    linked: { order: keysOf(a, "orders").flatMap((k) => byOrder.get(k) ?? []), lot: keysOf(a, "lots").flatMap((k) => byLot.get(k) ?? []) },
  }));
}

/**
 * The aggregates of these correlation ids (one primary-key range read each); with `linked`, also
 * the events that share their orders and lots under other correlation ids.
 */
export async function loadInstanceAggregates(ch: ClickHouseClient, ids: readonly string[], options: { linked?: boolean } = {}): Promise<InstanceAggregate[]> {
  if (ids.length === 0) return [];
  const rs = await ch.query({ query: AGGREGATE_SQL, query_params: { ids }, format: "JSONEachRow", query_id: `sla-load-aggregates-${crypto.randomUUID()}` });
  const aggregates = (await rs.json<AggregateRow>()).map(toAggregate);
  return options.linked ? withLinkedEvents(ch, aggregates) : aggregates;
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
