import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { PLANT_SCOPE_SQL, plantScope, runQuery } from "../clickhouse/query";
import { chTimeToIso, toClickHouseTime } from "../clickhouse/time";
import { BLOCKED_WORDS } from "../lots/divergence";
import { REJECTED_WORDS } from "../lots/lot-state";
import { isLotStandingStatus, SEARCH_KINDS, type LotStandingStatus, type SearchKind, type SearchStatus } from "../search/search-params";
import { POSITIONAL_STATUS_SQL, positionalParams } from "./get-lot-states";
import { lotHomeSql } from "./lot-home";

export interface SearchResult {
  kind: SearchKind;
  id: string;
  plant: string;
  lastSeen: string;
  exact: boolean;
  /** What the hit opens: the correlation id of a message or trace id, the lot of a supplier lot. */
  target: string;
  href: string;
}

export function likePrefix(q: string): string {
  return `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The page each kind of hit opens; message and trace ids open their correlation id's timeline. */
export function hrefFor(kind: SearchKind, id: string, target: string): string {
  const e = encodeURIComponent;
  switch (kind) {
    case "lot":
    case "shipment":
      return `/lots/${e(id)}`;
    case "supplier_lot":
      return `/lots/${e(target)}`;
    case "order":
      return `/orders/${e(id)}`;
    case "correlation":
      return `/trace/${e(id)}`;
    case "message":
      return `/trace/${e(target)}?message=${e(id)}`;
    case "trace":
      return `/trace/${e(target)}`;
  }
}

const isKind = (k: string): k is SearchKind => (SEARCH_KINDS as readonly string[]).includes(k);

/**
 * The stored key kinds a kind filter must read. A shipment's id is stored as a shipment and as a
 * lot, and tells the two apart only once grouped, so asking for either reads both.
 */
function storedKinds(kinds: readonly SearchKind[]): SearchKind[] {
  const lotFamily = kinds.includes("lot") || kinds.includes("shipment");
  return [...new Set<SearchKind>([...kinds, ...(lotFamily ? (["lot", "shipment"] as const) : [])])];
}

export interface IdSearchFilters {
  kinds: readonly SearchKind[];
  /** Lot standings and failures the id must have (any of them). */
  statuses: readonly SearchStatus[];
  /** The hit's plant (a lot's own plant), within the actor's scope. */
  plants: readonly string[];
  /** A system that reported an event naming the id (for message and trace ids, their correlation id). */
  systems: readonly string[];
  /** When the id was last seen; null is any time. */
  range: { from: number; to: number } | null;
  /** Where `failed` and `dead_lettered` look for failures: events_failed is only ever read time-bounded. */
  failureWindow: { from: number; to: number };
}


const LOT_KINDS = "('lot', 'shipment', 'supplier_lot')";
const TRACE_KINDS = "('correlation', 'message', 'trace')";
/** What the prefix can open: every semi-join below reads its table by primary key for these ids only. */
const ID_CANDIDATES = "(SELECT target_id FROM search_keys WHERE search_key LIKE {pattern:String})";
export const FAILURE_WINDOW_SQL = "time >= {failFrom:DateTime64(3, 'UTC')} AND time <= {failTo:DateTime64(3, 'UTC')}";
/** The lots named by failures of the window: what an error search judges standings for. */
export const ERROR_LOT_CANDIDATES = `(SELECT lot_id FROM events_failed WHERE ${FAILURE_WINDOW_SQL} AND lot_id != '')`;

const STANDING_SQL: Record<LotStandingStatus, string> = { held: "blocks > 0 AND rejects = 0", rejected: "rejects > 0", divergent: "blocks > 0 AND releases > 0" };

/**
 * The lots of `candidates` whose standing is one of `statuses`, judged as lotStateOf judges it:
 * each system's latest positional word blocks, rejects or releases. `candidates` is one of this
 * module's SQL list expressions, never a value.
 */
export function lotStandingSql(candidates: typeof ID_CANDIDATES | typeof ERROR_LOT_CANDIDATES, statuses: readonly LotStandingStatus[]): string {
  return `SELECT lot_id FROM (
         SELECT lot_id, countIf(pos = 'blocked') AS blocks, countIf(pos = 'released') AS releases, countIf(pos = 'blocked' AND w IN {rejectedWords:Array(String)}) AS rejects
         FROM (SELECT lot_id, source_system, argMax(lower(status), time) AS w, argMax(if(lower(status) IN {blockedWords:Array(String)}, 'blocked', 'released'), time) AS pos
               FROM lot_status_history WHERE lot_id IN ${candidates} AND type NOT IN {skip:Array(String)} AND ${POSITIONAL_STATUS_SQL}
               GROUP BY lot_id, source_system)
         GROUP BY lot_id)
       WHERE ${statuses.map((s) => `(${STANDING_SQL[s]})`).join(" OR ")}`;
}

export const standingParams = () => ({ ...positionalParams(), blockedWords: [...BLOCKED_WORDS], rejectedWords: [...REJECTED_WORDS] });

/** `failed` takes dead-lettered events too; `dead_lettered` alone only those. */
export const failureStatuses = (statuses: readonly SearchStatus[]) => (statuses.includes("failed") ? ["failed", "dead_lettered"] : ["dead_lettered"]);

/**
 * The id search as one SELECT over `search_keys` (keyed by the key, so a prefix reads a few
 * granules), composed only of the fixed fragments of this module: each filter adds a semi-join
 * that reads a table keyed by the ids the prefix can open (events_by_lot, events_by_order,
 * events, lot_status_history), or the failures of the window by events_failed's time key.
 */
export function idSearchSql(f: Pick<IdSearchFilters, "kinds" | "statuses" | "plants" | "systems"> & { range: unknown }): string {
  const narrowed = f.kinds.length > 0;
  const standings = f.statuses.filter(isLotStandingStatus);
  const failures = f.statuses.some((s) => !isLotStandingStatus(s));
  const byStatus = [
    ...(standings.length > 0 ? [`(key_kind IN ${LOT_KINDS} AND target_id IN (${lotStandingSql(ID_CANDIDATES, standings)}))`] : []),
    ...(failures
      ? [
          `(key_kind IN ${LOT_KINDS} AND target_id IN (SELECT lot_id FROM events_failed WHERE ${FAILURE_WINDOW_SQL} AND status IN {failStatuses:Array(String)} AND ${PLANT_SCOPE_SQL} AND lot_id IN ${ID_CANDIDATES}))`,
          `(key_kind = 'order' AND target_id IN (SELECT order_id FROM events_failed WHERE ${FAILURE_WINDOW_SQL} AND status IN {failStatuses:Array(String)} AND ${PLANT_SCOPE_SQL} AND order_id IN ${ID_CANDIDATES}))`,
          `(key_kind IN ${TRACE_KINDS} AND target_id IN (SELECT correlation_id FROM events_failed WHERE ${FAILURE_WINDOW_SQL} AND status IN {failStatuses:Array(String)} AND ${PLANT_SCOPE_SQL} AND correlation_id IN ${ID_CANDIDATES}))`,
        ]
      : []),
  ];
  const bySystem = [
    `(key_kind IN ${LOT_KINDS} AND target_id IN (SELECT lot_id FROM events_by_lot WHERE lot_id IN ${ID_CANDIDATES} AND source_system IN {systems:Array(String)}))`,
    `(key_kind = 'order' AND target_id IN (SELECT order_id FROM events_by_order WHERE order_id IN ${ID_CANDIDATES} AND source_system IN {systems:Array(String)}))`,
    `(key_kind IN ${TRACE_KINDS} AND target_id IN (SELECT correlation_id FROM events WHERE correlation_id IN ${ID_CANDIDATES} AND source_system IN {systems:Array(String)}))`,
  ];
  const where = [
    "search_key LIKE {pattern:String}",
    PLANT_SCOPE_SQL,
    ...(narrowed ? ["key_kind IN {stored:Array(String)}"] : []),
    ...(byStatus.length > 0 ? [`(${byStatus.join("\n        OR ")})`] : []),
    ...(f.systems.length > 0 ? [`(${bySystem.join("\n        OR ")})`] : []),
  ];
  // A lot's hit (or its supplier's lot number's) stands for the lot: it shows the lot's plant and
  // is found only where the lot's own page may be opened; a later plant that consumed it does not.
  const having = [
    "(family NOT IN ('lot', 'supplier_lot') OR {scopeAll:UInt8} = 1 OR site IN {scopePlants:Array(String)} OR site = '')",
    ...(narrowed ? ["kk IN {kinds:Array(String)}"] : []),
    ...(f.plants.length > 0 ? ["site IN {plantFilter:Array(String)}"] : []),
    ...(f.range ? ["seen >= {from:DateTime64(3, 'UTC')} AND seen <= {to:DateTime64(3, 'UTC')}"] : []),
  ];
  // A shipment id is also a lot id (its later events name it as a lot): one hit, as a shipment.
  // The total is a window over every group, which the ordering computes anyway: no second pass.
  return `SELECT search_key AS k, if(key_kind = 'shipment', 'lot', key_kind) AS family, target_id AS t,
            if(countIf(key_kind = 'shipment') > 0, 'shipment', any(key_kind)) AS kk,
            if(family IN ('lot', 'supplier_lot') AND any(h.home_plant) != '', any(h.home_plant), argMax(plant, last_seen)) AS site, max(last_seen) AS seen,
            count() OVER () AS total
     FROM search_keys
     LEFT JOIN (${lotHomeSql(ID_CANDIDATES)}) AS h ON h.lot_id = search_keys.target_id
     WHERE ${where.join("\n       AND ")}
     GROUP BY k, family, t
     HAVING ${having.join(" AND ")}
     ORDER BY (k = {q:String}) DESC, seen DESC, k, t
     LIMIT {limit:UInt32}`;
}

function idSearchParams(q: string, plants: string[] | null, f: IdSearchFilters, limit: number): Record<string, unknown> {
  const narrowed = f.kinds.length > 0;
  return {
    ...plantScope(plants),
    pattern: likePrefix(q),
    q,
    limit,
    ...(narrowed ? { stored: storedKinds(f.kinds), kinds: f.kinds } : {}),
    ...(f.statuses.length > 0 ? { ...standingParams(), failStatuses: failureStatuses(f.statuses), failFrom: toClickHouseTime(f.failureWindow.from), failTo: toClickHouseTime(f.failureWindow.to) } : {}),
    ...(f.systems.length > 0 ? { systems: f.systems } : {}),
    ...(f.plants.length > 0 ? { plantFilter: f.plants } : {}),
    ...(f.range ? { from: toClickHouseTime(f.range.from), to: toClickHouseTime(f.range.to) } : {}),
  };
}

type HitRow = { k: string; kk: string; t: string; site: string; seen: string; total: string };

function toResults(rows: HitRow[], q: string): SearchResult[] {
  return rows
    .filter((r) => isKind(r.kk))
    .map((r) => {
      const kind = r.kk as SearchKind;
      return { kind, id: r.k, plant: r.site, lastSeen: chTimeToIso(r.seen), exact: r.k === q, target: r.t, href: hrefFor(kind, r.k, r.t) };
    });
}

export interface IdSearchPage {
  results: SearchResult[];
  /** Every hit of the search, not only this page's. */
  total: number;
  more: boolean;
}

/** One page of the search with its filters, and how many hits there are in all. */
export async function searchIdPage(ch: ClickHouseClient, q: string, plants: string[] | null, filters: IdSearchFilters, limit: number): Promise<IdSearchPage> {
  const rows = await runQuery<HitRow>(ch, "search-keys-page", idSearchSql(filters), idSearchParams(q, plants, filters, limit));
  const total = Number(rows[0]?.total ?? 0);
  const results = toResults(rows, q);
  return { results, total, more: total > results.length };
}

/**
 * The hits alone of every kind of business key (or only `kinds`) by exact id or prefix, without
 * filters: exact hits first, then the most recently seen. Without a failure status the failure
 * window is never read.
 */
export async function searchIds(ch: ClickHouseClient, q: string, plants: string[] | null, limit = 10, kinds: readonly SearchKind[] = []): Promise<SearchResult[]> {
  return (await searchIdPage(ch, q, plants, { kinds, statuses: [], plants: [], systems: [], range: null, failureWindow: { from: 0, to: 0 } }, limit)).results;
}
