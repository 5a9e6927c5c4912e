import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import type { StatusChange } from "../lots/divergence";
import { NOT_LOT_STATUS_TYPES } from "../lots/status-events";
import { runQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";

export interface LotStatusRow extends StatusChange {
  lotId: string;
  type: string;
  eventId: string;
}

const COLUMNS = "lot_id AS lotId, source_system AS system, status, type, time, event_id AS eventId";
export const toLotStatusRow = (r: LotStatusRow): LotStatusRow => ({ ...r, time: chTimeToIso(r.time) });

/** Every status each system gave the lots of `{lots:Array(String)}`, except the types of `{skip:Array(String)}`, in time order. */
export const LOT_STATUS_HISTORY_SQL = `SELECT ${COLUMNS} FROM lot_status_history WHERE lot_id IN {lots:Array(String)} AND type NOT IN {skip:Array(String)}
     ORDER BY lot_id, time, event_id LIMIT 1 BY lotId, eventId`;

/** Every status each system gave these lots, in time order (for one lot page or a recall pack). */
export async function getLotStatusHistory(ch: ClickHouseClient, lots: readonly string[]): Promise<LotStatusRow[]> {
  if (lots.length === 0) return [];
  const rows = await runQuery<LotStatusRow>(ch, "lot-status-history", LOT_STATUS_HISTORY_SQL, { lots, skip: NOT_LOT_STATUS_TYPES });
  return rows.map(toLotStatusRow);
}
