import { dedupSettings, engine, onCluster, type Migration } from "../ddl";

/**
 * Lot genealogy edges in ISA-95 terms and the latest status of each lot in each system, both
 * fed from the events by materialized views so they are consistent with what was ingested.
 *
 * Genealogy comes from `mfg.lot.produced` and `mfg.shipment.confirmed` events: `lotid` is the
 * child (produced lot or shipment) and the payload names its parents as
 * `inputs: [{ lotId, quantity, uom }]` or `parentLots: [lotId]`, with `operation` (assemble,
 * split, merge, rework, ship; default produce). Edges are stored twice,
 * keyed by parent (where-used, forward) and by child (where-from, backward), so each step of
 * a recursive trace reads by primary key (see shared/MEASURED.md, genealogy).
 */
export const migration0003: Migration = {
  version: 3,
  name: "genealogy_and_lot_status",
  statements: (ctx) => {
    const settings = dedupSettings(ctx);
    const withSettings = settings ? `\nSETTINGS ${settings}` : "";
    const edgeColumns = `(
  parent_lot String,
  child_lot String,
  operation LowCardinality(String),
  order_id String,
  quantity Float64,
  uom LowCardinality(String),
  plant LowCardinality(String),
  time DateTime64(3, 'UTC'),
  event_id String
)`;
    // One row per input: the parents from `inputs` (with quantities) or from `parentLots`.
    const edgeSelect = `SELECT
  if(length(inputs) > 0, JSONExtractString(input, 'lotId'), input) AS parent_lot,
  lot_id AS child_lot,
  if(JSONExtractString(payload, 'operation') = '', 'produce', JSONExtractString(payload, 'operation')) AS operation,
  order_id,
  if(length(inputs) > 0, JSONExtractFloat(input, 'quantity'), 0) AS quantity,
  if(length(inputs) > 0, JSONExtractString(input, 'uom'), '') AS uom,
  plant,
  time,
  event_id
FROM events
ARRAY JOIN if(length(inputs) > 0, inputs, JSONExtract(payload, 'parentLots', 'Array(String)')) AS input
WHERE type IN ('mfg.lot.produced', 'mfg.shipment.confirmed') AND lot_id != ''`;
    const withInputs = (select: string) => select.replace("FROM events", "FROM (SELECT *, JSONExtractArrayRaw(payload, 'inputs') AS inputs FROM events WHERE type IN ('mfg.lot.produced', 'mfg.shipment.confirmed'))");
    return [
      `CREATE TABLE IF NOT EXISTS lot_edges_by_parent${onCluster(ctx)} ${edgeColumns}
ENGINE = ${engine(ctx, "ReplacingMergeTree")}
ORDER BY (parent_lot, child_lot, event_id)${withSettings}`,
      `CREATE TABLE IF NOT EXISTS lot_edges_by_child${onCluster(ctx)} ${edgeColumns}
ENGINE = ${engine(ctx, "ReplacingMergeTree")}
ORDER BY (child_lot, parent_lot, event_id)${withSettings}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS lot_edges_by_parent_mv${onCluster(ctx)} TO lot_edges_by_parent AS
${withInputs(edgeSelect)}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS lot_edges_by_child_mv${onCluster(ctx)} TO lot_edges_by_child AS
${withInputs(edgeSelect)}`,

      // What each system last said about a lot: a status word per business event type, or the
      // stock status the event carries. The newest event per (lot, system) wins.
      `CREATE TABLE IF NOT EXISTS lot_status${onCluster(ctx)} ${LOT_STATUS_COLUMNS} ENGINE = ${engine(ctx, "ReplacingMergeTree", "time")}
ORDER BY (lot_id, source_system)${withSettings}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS lot_status_mv${onCluster(ctx)} TO lot_status AS
${LOT_STATUS_SELECT}`,
    ];
  },
};

export const LOT_STATUS_COLUMNS = `(
  lot_id String,
  source_system LowCardinality(String),
  status LowCardinality(String),
  type LowCardinality(String),
  plant LowCardinality(String),
  time DateTime64(3, 'UTC'),
  event_id String
)`;

/** What a business event says about its lot's status; migration 0004 keeps the history with the same words. */
export const LOT_STATUS_SELECT = `SELECT lot_id, source_system,
  multiIf(
    JSONExtractString(payload, 'stockStatus') != '', JSONExtractString(payload, 'stockStatus'),
    type = 'mfg.hold.placed', 'blocked',
    type = 'mfg.inspection.failed', 'rejected',
    type = 'mfg.inspection.passed', 'released',
    type = 'mfg.inspection.created', 'in inspection',
    type = 'mfg.lot.received', 'received',
    type = 'mfg.lot.consumed', 'consumed',
    type = 'mfg.lot.produced', 'produced',
    type = 'mfg.goods.moved', 'moved',
    type = 'mfg.workorder.flagged', 'flagged',
    splitByChar('.', type)[-1]) AS status,
  type, plant, time, event_id
FROM events
WHERE kind = 'business' AND lot_id != ''`;
