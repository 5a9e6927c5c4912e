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

export type SearchKind = "correlation" | "lot" | "order";

export interface SearchResult {
  kind: SearchKind;
  id: string;
  plant: string;
  lastSeen: string;
  exact: boolean;
}

export function likePrefix(q: string): string {
  return `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Each key has a table whose primary key starts with it, so a prefix LIKE reads only matching granules.
const SOURCES: { kind: SearchKind; table: string; column: string }[] = [
  { kind: "correlation", table: "events", column: "correlation_id" },
  { kind: "lot", table: "events_by_lot", column: "lot_id" },
  { kind: "order", table: "events_by_order", column: "order_id" },
];

/** Finds correlation ids, lots and orders by exact id or prefix; exact hits first, then most recent. */
export async function searchIds(q: string, plants: string[] | null, limit = 10): Promise<SearchResult[]> {
  const params = { ...plantScope(plants), pattern: likePrefix(q), q, limit };
  const perKind = await Promise.all(
    SOURCES.map(({ kind, table, column }) =>
      // Aliases differ from column names: ClickHouse resolves an alias before a column in WHERE.
      runQuery<{ id: string; site: string; lastSeen: string }>(
        `search-${kind}`,
        `SELECT ${column} AS id, any(plant) AS site, max(time) AS lastSeen
         FROM ${table}
         WHERE ${column} LIKE {pattern:String} AND ${PLANT_SCOPE_SQL}
         GROUP BY id ORDER BY (id = {q:String}) DESC, lastSeen DESC LIMIT {limit:UInt32}`,
        params,
      ).then((rows) => rows.map((r) => ({ kind, id: r.id, plant: r.site, lastSeen: chTimeToIso(r.lastSeen), exact: r.id === q }))),
    ),
  );
  return perKind
    .flat()
    .sort((a, b) => Number(b.exact) - Number(a.exact) || b.lastSeen.localeCompare(a.lastSeen))
    .slice(0, limit);
}
