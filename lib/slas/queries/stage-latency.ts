import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { PLANT_SCOPE_SQL } from "../../clickhouse/query";
import { dayRangeScope } from "./scope";
import { select } from "./select";

export interface StageLatencyRow {
  workflow: string;
  stage: string;
  samples: number;
  p50Ms: number;
  p95Ms: number;
}

// A stage's own latency runs from the previous stage's completion; the trigger stage is always 0.
const SQL = `SELECT workflow, stage, sum(decided) AS n, quantilesTDigestMerge(0.5, 0.95)(latency) AS q
FROM sla_daily FINAL
WHERE stage != '' AND workflow != '' AND day >= {fromDay:Date} AND day <= {toDay:Date} AND ${PLANT_SCOPE_SQL}
GROUP BY workflow, stage`;

/** p50/p95 of each stage's own latency per workflow, over the caller's plants; stages without a completed sample are left out. */
export async function stageLatencies(ch: ClickHouseClient, params: { fromDay: string; toDay: string; scopeAll: 0 | 1; scopePlants: string[] }): Promise<StageLatencyRow[]> {
  const rows = await select<{ workflow: string; stage: string; n: string; q: number[] }, typeof dayRangeScope>(ch, "slas-stage-latency", SQL, dayRangeScope, params);
  return rows.filter((r) => Number.isFinite(r.q[0]) && Number.isFinite(r.q[1])).map((r) => ({ workflow: r.workflow, stage: r.stage, samples: Number(r.n), p50Ms: r.q[0]!, p95Ms: r.q[1]! }));
}
