import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { PLANT_SCOPE_SQL } from "../../clickhouse/query";
import { dayRangeScope } from "./scope";
import { select } from "./select";

export interface AttainmentRow {
  workflow: string;
  /** null: every plant in scope together. */
  plant: string | null;
  decided: number;
  met: number;
  /** End-to-end latency quantiles of the instances that completed; null without one. */
  p50Ms: number | null;
  p95Ms: number | null;
}

// One read of the daily rollup answers both the workflow × plant cells and each workflow's
// total across the caller's plants: quantiles cannot be added up afterwards, so the total is a grouping set.
const SQL = `SELECT workflow, plant, grouping(plant) AS all_plants, sum(decided) AS n, sum(met) AS n_met, quantilesTDigestMerge(0.5, 0.95)(latency) AS q
FROM sla_daily FINAL
WHERE stage = '' AND workflow != '' AND day >= {fromDay:Date} AND day <= {toDay:Date} AND ${PLANT_SCOPE_SQL}
GROUP BY GROUPING SETS ((workflow, plant), (workflow))`;

const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);

/** End-to-end outcomes decided per workflow and plant over whole UTC days, and per workflow over every plant in scope. */
export async function attainmentByWorkflowPlant(ch: ClickHouseClient, params: { fromDay: string; toDay: string; scopeAll: 0 | 1; scopePlants: string[] }): Promise<AttainmentRow[]> {
  const rows = await select<{ workflow: string; plant: string; all_plants: number; n: string; n_met: string; q: number[] }, typeof dayRangeScope>(ch, "slas-attainment", SQL, dayRangeScope, params);
  return rows.map((r) => ({ workflow: r.workflow, plant: Number(r.all_plants) === 1 ? null : r.plant, decided: Number(r.n), met: Number(r.n_met), p50Ms: finite(r.q[0]), p95Ms: finite(r.q[1]) }));
}
