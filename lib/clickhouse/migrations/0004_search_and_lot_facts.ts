import { dedupSettings, engine, onCluster, type Migration } from "../ddl";
import { LOT_STATUS_COLUMNS, LOT_STATUS_SELECT } from "./0003_genealogy_and_lot_status";

/**
 * Tables the traceability pages read by primary key (see shared/MEASURED.md, lookups):
 * - `search_keys`: every business key an event carries (correlation, lot, shipment, order,
 *   message, W3C trace, supplier lot) in one table keyed by the key, so exact and prefix search
 *   read a few granules whatever the kind. `target_id` is what a hit opens: the correlation id
 *   for a message or trace id, the lot for a supplier lot, the key itself otherwise.
 * - `lot_facts`: what the events say about a lot (item, quantity, supplier, customer, producing
 *   order), one row per lot after merges; `max` keeps the non-empty value whichever event brought it.
 * - `lot_status_history`: every status word per lot and system, for "since when" and for the
 *   recall evidence pack; `lot_status` keeps only the latest.
 * Each migration statement is idempotent, and the backfills land in tables that collapse
 * duplicates, so a crash before the ledger row only repeats harmless work.
 */
export const migration0004: Migration = {
  version: 4,
  name: "search_and_lot_facts",
  statements: (ctx) => {
    const settings = dedupSettings(ctx);
    const withSettings = settings ? `\nSETTINGS ${settings}` : "";
    // Aliases avoid the events table's own column names (ClickHouse resolves aliases first).
    const searchKeysSelect = `SELECT k.1 AS search_key, k.2 AS key_kind, plant, k.3 AS target_id, time AS last_seen
FROM events
ARRAY JOIN arrayFilter(x -> x.1 != '', [
  (correlation_id, 'correlation', correlation_id),
  (lot_id, if(type = 'mfg.shipment.confirmed', 'shipment', 'lot'), lot_id),
  (order_id, 'order', order_id),
  (message_id, 'message', correlation_id),
  (trace_id, 'trace', correlation_id),
  (if(kind = 'business', JSONExtractString(payload, 'supplierLot'), ''), 'supplier_lot', lot_id)
]) AS k`;
    const lotFactsSelect = `SELECT lot_id,
  JSONExtractString(payload, 'item') AS lot_item,
  JSONExtractString(payload, 'description') AS lot_description,
  plant AS lot_plant,
  if(type IN ('mfg.lot.received', 'mfg.lot.produced'), JSONExtractFloat(payload, 'quantity'), 0) AS lot_quantity,
  if(type IN ('mfg.lot.received', 'mfg.lot.produced'), JSONExtractString(payload, 'uom'), '') AS lot_uom,
  JSONExtractString(payload, 'supplier') AS lot_supplier,
  JSONExtractString(payload, 'supplierLot') AS lot_supplier_lot,
  JSONExtractString(payload, 'customer') AS lot_customer,
  toUInt8(type = 'mfg.shipment.confirmed') AS lot_is_shipment,
  if(type = 'mfg.lot.produced', order_id, '') AS lot_produced_by,
  time AS first_seen,
  time AS last_seen
FROM events
WHERE kind = 'business' AND lot_id != ''`;
    return [
      `CREATE TABLE IF NOT EXISTS search_keys${onCluster(ctx)} (
  search_key String,
  key_kind LowCardinality(String),
  plant LowCardinality(String),
  target_id String,
  last_seen DateTime64(3, 'UTC')
) ENGINE = ${engine(ctx, "ReplacingMergeTree", "last_seen")}
ORDER BY (search_key, key_kind, plant, target_id)${withSettings}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS search_keys_mv${onCluster(ctx)} TO search_keys AS
${searchKeysSelect}`,
      `INSERT INTO search_keys ${searchKeysSelect}`,

      `CREATE TABLE IF NOT EXISTS lot_facts${onCluster(ctx)} (
  lot_id String,
  lot_item SimpleAggregateFunction(max, String),
  lot_description SimpleAggregateFunction(max, String),
  lot_plant SimpleAggregateFunction(max, String),
  lot_quantity SimpleAggregateFunction(max, Float64),
  lot_uom SimpleAggregateFunction(max, String),
  lot_supplier SimpleAggregateFunction(max, String),
  lot_supplier_lot SimpleAggregateFunction(max, String),
  lot_customer SimpleAggregateFunction(max, String),
  lot_is_shipment SimpleAggregateFunction(max, UInt8),
  lot_produced_by SimpleAggregateFunction(max, String),
  first_seen SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
  last_seen SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
) ENGINE = ${engine(ctx, "AggregatingMergeTree")}
ORDER BY lot_id${withSettings}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS lot_facts_mv${onCluster(ctx)} TO lot_facts AS
${lotFactsSelect}`,
      `INSERT INTO lot_facts ${lotFactsSelect}`,

      `CREATE TABLE IF NOT EXISTS lot_status_history${onCluster(ctx)} ${LOT_STATUS_COLUMNS} ENGINE = ${engine(ctx, "ReplacingMergeTree")}
ORDER BY (lot_id, time, source_system, event_id)${withSettings}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS lot_status_history_mv${onCluster(ctx)} TO lot_status_history AS
${LOT_STATUS_SELECT}`,
      `INSERT INTO lot_status_history ${LOT_STATUS_SELECT}`,
    ];
  },
};
