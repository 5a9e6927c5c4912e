import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { runQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";
import { lotHomeSql } from "./lot-home";

export interface LotFacts {
  lotId: string;
  item: string;
  description: string;
  plant: string;
  quantity: number;
  uom: string;
  supplier: string;
  supplierLot: string;
  customer: string;
  isShipment: boolean;
  producedByOrder: string;
  firstSeen: string;
  lastSeen: string;
}

/**
 * What the events say about each lot of `{lots:Array(String)}`: one row per lot. FINAL applies
 * each column's SimpleAggregateFunction (max, min) across parts not yet merged, as a GROUP BY
 * would, and costs less (measured: 5.6 → 4.5 ms for one lot, 40 → 34 ms for 10,000). The plant is
 * the one the lot belongs to (`lot_home`, migration 0006): where it was received or produced,
 * else the first plant that named it. Every page, API and the search judge plant scope by it.
 */
export const LOT_FACTS_SQL = `SELECT f.lot_id AS lotId, lot_item AS item, lot_description AS description, h.home_plant AS site,
            lot_quantity AS qty, lot_uom AS unit, lot_supplier AS supplierName, lot_supplier_lot AS supplierLotId,
            lot_customer AS customerName, lot_is_shipment AS shipment, lot_produced_by AS producedBy,
            first_seen AS firstT, last_seen AS lastT
     FROM (SELECT * FROM lot_facts FINAL WHERE lot_id IN {lots:Array(String)}) AS f
     LEFT JOIN (${lotHomeSql("{lots:Array(String)}")}) AS h ON h.lot_id = f.lot_id`;

export type LotFactsRow = Record<string, string | number>;

export function lotFactsFromRows(rows: readonly LotFactsRow[]): Map<string, LotFacts> {
  const out = new Map<string, LotFacts>();
  for (const r of rows) {
    const lotId = String(r.lotId);
    out.set(lotId, {
      lotId,
      item: String(r.item),
      description: String(r.description),
      plant: String(r.site),
      quantity: Number(r.qty),
      uom: String(r.unit),
      supplier: String(r.supplierName),
      supplierLot: String(r.supplierLotId),
      customer: String(r.customerName),
      isShipment: Number(r.shipment) === 1,
      producedByOrder: String(r.producedBy),
      firstSeen: chTimeToIso(String(r.firstT)),
      lastSeen: chTimeToIso(String(r.lastT)),
    });
  }
  return out;
}

/** What the events say about each of these lots. */
export async function getLotFacts(ch: ClickHouseClient, lots: readonly string[]): Promise<Map<string, LotFacts>> {
  if (lots.length === 0) return new Map();
  return lotFactsFromRows(await runQuery<LotFactsRow>(ch, "lot-facts", LOT_FACTS_SQL, { lots }));
}
