import { dedupSettings, engine, onCluster, type Migration } from "../ddl";

/**
 * `lot_home`: the plant a lot belongs to (docs/event-contract.md, "Which plant a lot belongs
 * to"). A lot made at one plant and consumed at another was named by both, and lot_facts'
 * `max(lot_plant)` kept whichever plant code sorts last; lot_plant is no longer read.
 *
 * One value per lot is the max of `(rank, -epoch ms, plant)`: rank 2 for the events that create a
 * lot where it is (received, produced, a shipment confirmed), 1 for any other business event
 * naming a plant, 0 without one. So the creating plant wins, then the first plant by time (the
 * negated time), then, at the same millisecond, the larger code, whatever order parts merge in.
 * A separate table rather than a column of lot_facts, so its view is added beside lot_facts_mv
 * instead of replacing it while events are written; the backfill repeats harmlessly (max).
 */
export const migration0006: Migration = {
  version: 6,
  name: "lot_home_plant",
  statements: (ctx) => {
    const settings = dedupSettings(ctx);
    const withSettings = settings ? `\nSETTINGS ${settings}` : "";
    const lotHomeSelect = `SELECT lot_id,
  (multiIf(plant = '', 0, type IN ('mfg.lot.received', 'mfg.lot.produced', 'mfg.shipment.confirmed'), 2, 1),
   -toUnixTimestamp64Milli(time), plant) AS home
FROM events
WHERE kind = 'business' AND lot_id != ''`;
    return [
      `CREATE TABLE IF NOT EXISTS lot_home${onCluster(ctx)} (
  lot_id String,
  home SimpleAggregateFunction(max, Tuple(UInt8, Int64, String))
) ENGINE = ${engine(ctx, "AggregatingMergeTree")}
ORDER BY lot_id${withSettings}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS lot_home_mv${onCluster(ctx)} TO lot_home AS
${lotHomeSelect}`,
      `INSERT INTO lot_home ${lotHomeSelect}`,
    ];
  },
};
