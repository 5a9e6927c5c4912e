import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { PLANT_SCOPE_SQL, plantScope, runQueries } from "../clickhouse/query";
import { chTimeToIso, toClickHouseTime } from "../clickhouse/time";
import { isLotStandingStatus, type SearchStatus } from "../search/search-params";
import { ERROR_LOT_CANDIDATES, failureStatuses, FAILURE_WINDOW_SQL, lotStandingSql, standingParams } from "./search-ids";

export interface ErrorHit {
  time: string;
  eventId: string;
  correlationId: string;
  plant: string;
  system: string;
  type: string;
  status: string;
  lotId: string;
  orderId: string;
  messageId: string;
  error: string;
  href: string;
}

export interface ErrorSearchFilters {
  /** `failed`/`dead_lettered`: the event's own status; `held`, `rejected`, `divergent`: the standing of the lot it names. */
  statuses: readonly SearchStatus[];
  plants: readonly string[];
  systems: readonly string[];
  /** Always bounded: the chosen range or the default window (lib/search/search-params.ts). */
  window: { from: number; to: number };
}

export interface ErrorSearchPage {
  results: ErrorHit[];
  total: number;
  more: boolean;
}

type Row = Omit<ErrorHit, "href">;


/**
 * The text of failed and dead-lettered events, matched case-insensitively as a substring, in the
 * time-ordered `events_failed` (its key is the time, so only the window's granules are read), newest
 * first, with how many match in all. Parameterised; the filters add fixed fragments only.
 */
export function errorSearchSql(f: Pick<ErrorSearchFilters, "statuses" | "plants" | "systems">): { select: string; count: string } {
  const standings = f.statuses.filter(isLotStandingStatus);
  const where = [
    FAILURE_WINDOW_SQL,
    "positionCaseInsensitiveUTF8(error, {text:String}) > 0",
    PLANT_SCOPE_SQL,
    ...(f.plants.length > 0 ? ["plant IN {plantFilter:Array(String)}"] : []),
    ...(f.systems.length > 0 ? ["source_system IN {systems:Array(String)}"] : []),
    ...(f.statuses.some((s) => !isLotStandingStatus(s)) ? ["status IN {failStatuses:Array(String)}"] : []),
    ...(standings.length > 0 ? [`lot_id IN (${lotStandingSql(ERROR_LOT_CANDIDATES, standings)})`] : []),
  ].join("\n       AND ");
  return {
    select: `SELECT time, event_id AS eventId, correlation_id AS correlationId, plant, source_system AS system, type, status,
            lot_id AS lotId, order_id AS orderId, message_id AS messageId, error
     FROM events_failed
     WHERE ${where}
     ORDER BY time DESC, event_id LIMIT 1 BY event_id LIMIT {limit:UInt32}`,
    // Exact, and bounded by the window like the page itself; a retried insert is one event.
    count: `SELECT uniqExact(event_id) AS n FROM events_failed WHERE ${where}`,
  };
}

/** Failed and dead-lettered events whose error text contains `text`, one page of them and the count of all. */
export async function searchErrors(ch: ClickHouseClient, text: string, plants: string[] | null, filters: ErrorSearchFilters, limit: number): Promise<ErrorSearchPage> {
  const sql = errorSearchSql(filters);
  const rows = await runQueries<{ hits: Row; count: { n: string } }>(ch, "search-errors", { hits: sql.select, count: sql.count }, {
    ...plantScope(plants),
    text,
    limit,
    failFrom: toClickHouseTime(filters.window.from),
    failTo: toClickHouseTime(filters.window.to),
    ...(filters.plants.length > 0 ? { plantFilter: filters.plants } : {}),
    ...(filters.systems.length > 0 ? { systems: filters.systems } : {}),
    ...(filters.statuses.length > 0 ? { ...standingParams(), failStatuses: failureStatuses(filters.statuses) } : {}),
  });
  const results = rows.hits
    .map((r) => ({ ...r, time: chTimeToIso(r.time) }))
    .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0))
    .map((r) => ({ ...r, href: `/trace/${encodeURIComponent(r.correlationId)}${r.messageId ? `?message=${encodeURIComponent(r.messageId)}` : ""}` }));
  const total = Number(rows.count[0]?.n ?? 0);
  return { results, total, more: total > results.length };
}

