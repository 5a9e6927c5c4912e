import type { ClickHouseClient } from "@clickhouse/client";
import type { Db } from "./db/client";
import type { PipelineSource } from "./queries/get-pipeline";

/**
 * The stores a request works with. lib/ never looks them up itself: the server runtime owns
 * them and app/ hands them in, so lib/ stays free of process wiring and testable with any client.
 */
export interface AppDeps {
  clickhouse: ClickHouseClient;
  db: Db;
  /** This process's ingest counters, for the overview's pipeline panel. */
  pipeline: PipelineSource;
}
