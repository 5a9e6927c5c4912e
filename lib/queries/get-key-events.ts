import "server-only";
import { chTimeToIso } from "../clickhouse/time";
import type { TraceEvent } from "./get-trace";

export type KeyEvent = Pick<TraceEvent, "id" | "time" | "correlationId" | "system" | "plant" | "type" | "status" | "lotId" | "orderId">;

export const KEY_EVENT_LIMIT = 2000;

/** The first `{limit:UInt32}` events that name the lot `{id:String}` itself, in time order, from the table keyed by lot. */
export const LOT_EVENTS_SQL = `SELECT event_id AS id, time, correlation_id AS correlationId, source_system AS system, plant, type, status,
            lot_id AS lotId, order_id AS orderId
     FROM events_by_lot WHERE lot_id = {id:String}
     ORDER BY time, event_id LIMIT 1 BY id LIMIT {limit:UInt32}`;

export const toKeyEvent = (r: KeyEvent): KeyEvent => ({ ...r, time: chTimeToIso(r.time) });
