import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { NOT_LOT_STATUS_TYPES } from "../lots/status-events";
import { runQueries } from "../clickhouse/query";
import { LOT_EVENTS_SQL, KEY_EVENT_LIMIT, toKeyEvent, type KeyEvent } from "./get-key-events";
import { LOT_FACTS_SQL, lotFactsFromRows, type LotFacts, type LotFactsRow } from "./get-lot-facts";
import { LOT_STATUS_HISTORY_SQL, toLotStatusRow, type LotStatusRow } from "./get-lot-statuses";

export interface LotSnapshot {
  facts: LotFacts | undefined;
  history: LotStatusRow[];
  events: KeyEvent[];
}

const byTimeThen = <T>(time: (x: T) => string, id: (x: T) => string) => (a: T, b: T) => {
  const [ta, tb, ia, ib] = [time(a), time(b), id(a), id(b)];
  // Byte order, as ClickHouse sorts strings; both times are in one fixed-width format.
  return ta < tb ? -1 : ta > tb ? 1 : ia < ib ? -1 : ia > ib ? 1 : 0;
};

/**
 * A lot page's three reads (its facts, status history and own events) in one
 * round trip, with the same rows in the same order: the union returns them unordered, so they
 * are sorted here as each query sorts them.
 */
export async function getLotSnapshot(ch: ClickHouseClient, lotId: string): Promise<LotSnapshot> {
  const rows = await runQueries<{ facts: LotFactsRow; history: LotStatusRow; events: KeyEvent }>(
    ch,
    "lot-snapshot",
    { facts: LOT_FACTS_SQL, history: LOT_STATUS_HISTORY_SQL, events: LOT_EVENTS_SQL },
    { lots: [lotId], skip: NOT_LOT_STATUS_TYPES, id: lotId, limit: KEY_EVENT_LIMIT },
  );
  return {
    facts: lotFactsFromRows(rows.facts).get(lotId),
    history: rows.history.map(toLotStatusRow).sort(byTimeThen((r) => r.time, (r) => r.eventId)),
    events: rows.events.map(toKeyEvent).sort(byTimeThen((e) => e.time, (e) => e.id)),
  };
}
