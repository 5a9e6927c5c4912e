import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { z } from "zod";
import { PLANT_SCOPE_SQL, plantScope, runQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";
import { lotHomeSql } from "./lot-home";

export const searchQuerySchema = z
  .string()
  .trim()
  .min(2, "type at least 2 characters")
  .max(200, "at most 200 characters")
  .regex(/^[\x21-\x7e]+$/, "ids are printable ASCII without spaces");

export const SEARCH_KINDS = ["lot", "shipment", "order", "correlation", "message", "trace", "supplier_lot"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** `kind=lot,order`: the kinds a search is narrowed to; empty or absent means every kind. */
export const searchKindsSchema = z
  .string()
  .optional()
  .transform((v) => [...new Set((v ?? "").split(",").map((k) => k.trim()).filter((k) => k !== ""))])
  .pipe(z.array(z.enum(SEARCH_KINDS, { error: `kinds are ${SEARCH_KINDS.join(", ")}` })));

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

/**
 * Finds every kind of business key (or only `kinds`) by exact id or prefix in one read of
 * `search_keys` (keyed by the key): exact hits first, then the most recently seen.
 */
export async function searchIds(ch: ClickHouseClient, q: string, plants: string[] | null, limit = 10, kinds: readonly SearchKind[] = []): Promise<SearchResult[]> {
  const narrowed = kinds.length > 0;
  // A shipment id is also a lot id (its later events name it as a lot): one hit, as a shipment.
  // A lot's hit (or its supplier's lot number's) stands for the lot: it shows the lot's plant and
  // is found only where the lot's own page may be opened; a later plant that consumed it does not.
  const lotInScope = "(family NOT IN ('lot', 'supplier_lot') OR {scopeAll:UInt8} = 1 OR site IN {scopePlants:Array(String)} OR site = '')";
  const having = [lotInScope, ...(narrowed ? ["kk IN {kinds:Array(String)}"] : [])].join(" AND ");
  const rows = await runQuery<{ k: string; kk: string; t: string; site: string; seen: string }>(
    ch,
    "search-keys",
    `SELECT search_key AS k, if(key_kind = 'shipment', 'lot', key_kind) AS family, target_id AS t,
            if(countIf(key_kind = 'shipment') > 0, 'shipment', any(key_kind)) AS kk,
            if(family IN ('lot', 'supplier_lot') AND any(h.home_plant) != '', any(h.home_plant), argMax(plant, last_seen)) AS site, max(last_seen) AS seen
     FROM search_keys
     LEFT JOIN (${lotHomeSql("(SELECT target_id FROM search_keys WHERE search_key LIKE {pattern:String})")}) AS h ON h.lot_id = search_keys.target_id
     WHERE search_key LIKE {pattern:String} AND ${PLANT_SCOPE_SQL}${narrowed ? " AND key_kind IN {stored:Array(String)}" : ""}
     GROUP BY k, family, t
     HAVING ${having}
     ORDER BY (k = {q:String}) DESC, seen DESC
     LIMIT {limit:UInt32}`,
    { ...plantScope(plants), pattern: likePrefix(q), q, limit, ...(narrowed ? { stored: storedKinds(kinds), kinds } : {}) },
  );
  return rows
    .filter((r) => isKind(r.kk))
    .map((r) => {
      const kind = r.kk as SearchKind;
      return { kind, id: r.k, plant: r.site, lastSeen: chTimeToIso(r.seen), exact: r.k === q, target: r.t, href: hrefFor(kind, r.k, r.t) };
    });
}
