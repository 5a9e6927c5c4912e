import "server-only";
import { randomUUID } from "node:crypto";
import { getRuntime } from "../runtime";

/**
 * Runs one named, parameterised query. Values only travel as `{name:Type}` parameters; the
 * name becomes the query_id prefix so logs and system.query_log say which query ran.
 */
export async function runQuery<Row>(name: string, query: string, params: Record<string, unknown> = {}): Promise<Row[]> {
  const { clickhouse } = await getRuntime();
  const rs = await clickhouse.query({ query, query_params: params, format: "JSONEachRow", query_id: `${name}-${randomUUID()}` });
  return rs.json<Row>();
}

/** Plant scope as query parameters: an empty list with all=1 means every plant. */
export function plantScope(plants: string[] | null): { scopeAll: number; scopePlants: string[] } {
  return { scopeAll: plants === null ? 1 : 0, scopePlants: plants ?? [] };
}

export const PLANT_SCOPE_SQL = "({scopeAll:UInt8} = 1 OR plant IN {scopePlants:Array(String)})";
