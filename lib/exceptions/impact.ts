import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { runQueries, runQuery } from "../clickhouse/query";
import { DEFAULT_IMPACT_LIMITS, summariseImpact, walkDescendants, type ChildReader, type Impact, type ImpactInput, type ImpactLimits } from "./impact-model";

export type { Impact, ImpactInput, ImpactLimits } from "./impact-model";

/**
 * One genealogy level down from `lots`, by the where-used table's primary key. GROUP BY instead
 * of FINAL: only the distinct children matter, not the edges' quantities. Sorted and limited so a
 * hub lot returns a bounded, deterministic slice.
 */
function childReader(ch: ClickHouseClient): ChildReader {
  return (lots, limit) =>
    runQuery<{ lot: string }>(
      ch,
      "impact-children",
      `SELECT child_lot AS lot FROM lot_edges_by_parent WHERE parent_lot IN {lots:Array(String)} GROUP BY lot ORDER BY lot LIMIT {limit:UInt32}`,
      { lots, limit },
    ).then((rows) => rows.map((r) => r.lot));
}

/**
 * The lots produced under the input orders: an order's output is touched by what touches the
 * order. Read only for exceptions that name no lot (an order release): where lots are named, an
 * order's output is their child already, and this read is a fifth of a group's time (measured).
 */
async function lotsOfOrders(ch: ClickHouseClient, orders: readonly string[], limit: number): Promise<string[]> {
  if (orders.length === 0) return [];
  const rows = await runQuery<{ lot: string }>(
    ch,
    "impact-order-lots",
    `SELECT lot_id AS lot FROM events_by_order
     WHERE order_id IN {orders:Array(String)} AND type = 'mfg.lot.produced' AND lot_id != ''
     GROUP BY lot ORDER BY lot LIMIT {limit:UInt32}`,
    { orders, limit },
  );
  return rows.map((r) => r.lot);
}

/**
 * The business impact of the lots and orders an exception names: every lot and shipment made
 * from its lots (or, when it names none, from its orders' output) through genealogy (lot_edges_by_parent, one read per level), the orders that
 * produced or consumed any of them (events_by_lot), and the customers of the shipments
 * (lot_facts). Bounded by `limits`; `capped` says when the walk stopped early. Counts include
 * lots of every plant: a recall does not stop at the plant boundary, and ids are what the
 * genealogy already shows outside a plant manager's scope.
 */
export async function impactOf(ch: ClickHouseClient, input: ImpactInput, limits: ImpactLimits = DEFAULT_IMPACT_LIMITS): Promise<Impact> {
  const orders = [...new Set(input.orders.filter((o) => o !== ""))];
  const inputLots = input.lots.filter((l) => l !== "");
  const roots = inputLots.length > 0 ? [...new Set(inputLots)] : await lotsOfOrders(ch, orders, limits.maxLots + 1);
  const walk = await walkDescendants(childReader(ch), roots, limits);
  const lots = [...walk.depths.keys()];
  if (lots.length === 0) return summariseImpact({ lots: inputLots, orders }, walk, { shipments: [], orders: [] });
  const facts = await runQueries<{ shipments: { lotId: string; customer: string }; orders: { orderId: string } }>(
    ch,
    "impact-facts",
    {
      shipments: `SELECT lot_id AS lotId, lot_customer AS customer FROM lot_facts FINAL WHERE lot_id IN {lots:Array(String)} AND lot_is_shipment = 1`,
      orders: `SELECT DISTINCT order_id AS orderId FROM events_by_lot WHERE lot_id IN {lots:Array(String)} AND order_id != ''`,
    },
    { lots },
  );
  return summariseImpact({ lots: inputLots, orders }, walk, { shipments: facts.shipments, orders: facts.orders.map((o) => o.orderId) });
}
