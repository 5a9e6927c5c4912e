import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import type { Direction, GenealogyEdge } from "../genealogy/trace-genealogy";
import { idListParam, idListSql } from "../clickhouse/id-list";
import { runCompactQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";

const TABLES = {
  forward: { table: "lot_edges_by_parent", column: "parent_lot" },
  backward: { table: "lot_edges_by_child", column: "child_lot" },
} as const;

/**
 * One level of genealogy links of a set of lots, read from the table keyed by the side we start
 * from. FINAL keeps one row per (parent, child, event) as the tables' ReplacingMergeTree key says,
 * so a redelivered production event adds no quantity; it reads less than deduplicating with
 * LIMIT 1 BY in a subquery (measured: an 8-level, 10,000-lot walk's reads 73 → 58 ms). The
 * frontier travels as one JSON string (lib/clickhouse/id-list.ts) and the rows as arrays: a
 * level can hold thousands of lots.
 */
export async function getGenealogyEdges(ch: ClickHouseClient, direction: Direction, lots: readonly string[]): Promise<GenealogyEdge[]> {
  if (lots.length === 0) return [];
  const { table, column } = TABLES[direction];
  const rows = await runCompactQuery<[string, string, string, string, number, string, string]>(
    ch,
    `genealogy-${direction}`,
    `SELECT parent_lot AS src, child_lot AS dst, any(operation) AS op, any(order_id) AS orderId,
            sum(quantity) AS qty, any(uom) AS unit, min(time) AS t
     FROM ${table} FINAL WHERE ${column} IN ${idListSql("lots")}
     GROUP BY src, dst
     ORDER BY src, dst`,
    { lots: idListParam(lots) },
  );
  return rows.map(([from, to, operation, orderId, quantity, uom, time]) => ({ from, to, operation, orderId, quantity: Number(quantity), uom, time: chTimeToIso(time) }));
}
