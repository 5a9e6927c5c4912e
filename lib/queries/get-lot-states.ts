import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { plantInScope } from "../auth/plant-scope";
import { BLOCKED_WORDS, RELEASED_WORDS, STOCK_RECEIPT_WORDS, STOCK_SYSTEM, type StatusChange } from "../lots/divergence";
import { lotStateOf, NO_LOT_STATE, type LotState } from "../lots/lot-state";
import { NOT_LOT_STATUS_TYPES } from "../lots/status-events";
import { runQueries } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";
import { lotHomeSql } from "./lot-home";

/** A status word that takes a position (lib/lots/divergence.ts), as ClickHouse tests it with the same word lists. */
export const POSITIONAL_STATUS_SQL = "(lower(status) IN {positional:Array(String)} OR (source_system = {stockSystem:String} AND lower(status) IN {receipts:Array(String)}))";

export const positionalParams = () => ({
  positional: [...BLOCKED_WORDS, ...RELEASED_WORDS],
  receipts: [...STOCK_RECEIPT_WORDS],
  stockSystem: STOCK_SYSTEM,
  skip: NOT_LOT_STATUS_TYPES,
});

/**
 * Per lot and system, the newest word and the newest positional word: all lotStateOf needs of a
 * whole history, so a page's lots cost one grouped read of lot_status_history by its key.
 */
const LATEST_WORDS_SQL = `SELECT lot_id AS lotId, source_system AS sys, argMax(status, time) AS word, max(time) AS wordAt,
            argMaxIf(status, time, ${POSITIONAL_STATUS_SQL}) AS pos, maxIf(time, ${POSITIONAL_STATUS_SQL}) AS posAt,
            countIf(${POSITIONAL_STATUS_SQL}) AS positions
     FROM lot_status_history WHERE lot_id IN {lots:Array(String)} AND type NOT IN {skip:Array(String)}
     GROUP BY lot_id, source_system`;

export interface LotStateEntry {
  plant: string;
  /** The lot belongs to a plant outside the actor's scope: like the genealogy, its status is not shown. */
  restricted: boolean;
  state: LotState;
}

/**
 * The quality standing of each of these lots and the plant it belongs to, in one round trip.
 * A lot of no recorded status is `unknown`; one outside `plants` is restricted and unknown.
 */
export async function getLotStates(ch: ClickHouseClient, lots: readonly string[], plants: readonly string[] | null): Promise<Map<string, LotStateEntry>> {
  const unique = [...new Set(lots)];
  if (unique.length === 0) return new Map();
  const rows = await runQueries<{ words: { lotId: string; sys: string; word: string; wordAt: string; pos: string; posAt: string; positions: string }; home: { lot_id: string; home_plant: string } }>(
    ch,
    "lot-states",
    { words: LATEST_WORDS_SQL, home: lotHomeSql("{lots:Array(String)}") },
    { lots: unique, ...positionalParams() },
  );
  const history = new Map<string, StatusChange[]>();
  for (const r of rows.words) {
    const list = history.get(r.lotId) ?? [];
    // The positional word first: at the same instant the newest word still wins.
    if (Number(r.positions) > 0) list.push({ system: r.sys, status: r.pos, time: chTimeToIso(r.posAt) });
    list.push({ system: r.sys, status: r.word, time: chTimeToIso(r.wordAt) });
    history.set(r.lotId, list);
  }
  const home = new Map(rows.home.map((h) => [h.lot_id, h.home_plant]));
  return new Map(
    unique.map((lotId) => {
      const plant = home.get(lotId) ?? "";
      const restricted = !plantInScope(plants, plant);
      return [lotId, { plant, restricted, state: restricted ? NO_LOT_STATE : lotStateOf(history.get(lotId) ?? []) }];
    }),
  );
}
