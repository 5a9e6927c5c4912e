import "server-only";
import { randomUUID } from "node:crypto";
import type { ClickHouseClient } from "@clickhouse/client";
import type { z } from "zod";

/**
 * Runs one view query with zod-checked parameters on the client the caller passes; values only
 * travel as `{name:Type}` parameters, and the name becomes the query_id prefix for query_log.
 */
export async function select<Row, S extends z.ZodType>(ch: ClickHouseClient, name: string, sql: string, schema: S, params: z.input<S>): Promise<Row[]> {
  const rs = await ch.query({ query: sql, query_params: schema.parse(params) as Record<string, unknown>, format: "JSONEachRow", query_id: `${name}-${randomUUID()}` });
  return rs.json<Row>();
}
