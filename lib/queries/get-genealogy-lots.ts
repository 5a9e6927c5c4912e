import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { idListParam, idListSql } from "../clickhouse/id-list";
import { runCompactQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";
import type { NodeFacts } from "../genealogy/genealogy-nodes";
import { NOT_LOT_STATUS_TYPES } from "../lots/status-events";
import type { LotStatusRow } from "./get-lot-statuses";

const IDS = idListSql("lots");

/**
 * What each lot's node shows: its facts, home plant (lib/queries/lot-home.ts) and latest status
 * per system, joined in ClickHouse so the ids travel once, with the columns in a fixed order
 * (JSONCompactEachRow): for the 10,001 lots of `npm run bench:queries` the two reads this replaces
 * took ~90 ms, mostly binding the ids three times and writing and parsing named JSON rows.
 * Every lot with a status has facts: both are fed by the lot's business events.
 */
const GENEALOGY_LOTS_SQL = `SELECT f.lot_id, lot_item, h.home_plant, lot_quantity, lot_uom, lot_supplier, lot_supplier_lot, lot_customer,
  lot_is_shipment, lot_produced_by, s.latest
FROM (SELECT * FROM lot_facts FINAL WHERE lot_id IN ${IDS}) AS f
LEFT JOIN (SELECT lot_id, tupleElement(home, 3) AS home_plant FROM lot_home FINAL WHERE lot_id IN ${IDS}) AS h ON h.lot_id = f.lot_id
LEFT JOIN (
  SELECT lot_id, groupArray((sys, st, ty, t, eid)) AS latest FROM (
    -- Aliases differ from column names: an alias named like a column would replace it inside argMax.
    SELECT lot_id, source_system AS sys, argMax(status, time) AS st, argMax(type, time) AS ty, toString(max(time)) AS t, argMax(event_id, time) AS eid
    FROM lot_status_history WHERE lot_id IN ${IDS} AND type NOT IN {skip:Array(String)}
    GROUP BY lot_id, source_system)
  GROUP BY lot_id) AS s ON s.lot_id = f.lot_id`;

type Row = [string, string, string, number, string, string, string, string, number, string, [string, string, string, string, string][]];

export interface GenealogyLots {
  facts: Map<string, NodeFacts>;
  /** The latest status per system of each lot. */
  statuses: LotStatusRow[];
}

/** What a genealogy graph shows of each of its lots, in one read. */
export async function getGenealogyLots(ch: ClickHouseClient, lots: readonly string[]): Promise<GenealogyLots> {
  const facts = new Map<string, NodeFacts>();
  const statuses: LotStatusRow[] = [];
  if (lots.length === 0) return { facts, statuses };
  const rows = await runCompactQuery<Row>(ch, "genealogy-lots", GENEALOGY_LOTS_SQL, { lots: idListParam(lots), skip: NOT_LOT_STATUS_TYPES });
  for (const [lotId, item, plant, quantity, uom, supplier, supplierLot, customer, shipment, producedByOrder, latest] of rows) {
    facts.set(lotId, { item, plant, quantity: Number(quantity), uom, supplier, supplierLot, customer, isShipment: Number(shipment) === 1, producedByOrder });
    for (const [system, status, type, time, eventId] of latest) statuses.push({ lotId, system, status, type, time: chTimeToIso(time), eventId });
  }
  return { facts, statuses };
}
