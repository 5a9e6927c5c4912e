import "server-only";
import { z } from "zod";
import { PLANT_SCOPE_SQL, plantScope, runQuery } from "../clickhouse/query";
import { chTimeToIso } from "../clickhouse/time";

export const searchQuerySchema = z
  .string()
  .trim()
  .min(2, "type at least 2 characters")
  .max(200, "at most 200 characters")
  .regex(/^[\x21-\x7e]+$/, "ids are printable ASCII without spaces");

export const SEARCH_KINDS = ["lot", "shipment", "order", "correlation", "message", "trace", "supplier_lot"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

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
 * Finds every kind of business key by exact id or prefix in one read of `search_keys` (keyed by
 * the key): exact hits first, then the most recently seen.
 */
export async function searchIds(q: string, plants: string[] | null, limit = 10): Promise<SearchResult[]> {
  // A shipment id is also a lot id (its later events name it as a lot): one hit, as a shipment.
  const rows = await runQuery<{ k: string; kk: string; t: string; site: string; seen: string }>(
    "search-keys",
    `SELECT search_key AS k, if(key_kind = 'shipment', 'lot', key_kind) AS family, target_id AS t,
            if(countIf(key_kind = 'shipment') > 0, 'shipment', any(key_kind)) AS kk,
            argMax(plant, last_seen) AS site, max(last_seen) AS seen
     FROM search_keys
     WHERE search_key LIKE {pattern:String} AND ${PLANT_SCOPE_SQL}
     GROUP BY k, family, t
     ORDER BY (k = {q:String}) DESC, seen DESC
     LIMIT {limit:UInt32}`,
    { ...plantScope(plants), pattern: likePrefix(q), q, limit },
  );
  return rows
    .filter((r) => isKind(r.kk))
    .map((r) => {
      const kind = r.kk as SearchKind;
      return { kind, id: r.k, plant: r.site, lastSeen: chTimeToIso(r.seen), exact: r.k === q, target: r.t, href: hrefFor(kind, r.k, r.t) };
    });
}
