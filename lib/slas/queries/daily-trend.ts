import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { PLANT_SCOPE_SQL } from "../../clickhouse/query";
import { dayRangeScope } from "./scope";
import { select } from "./select";

export interface DailyPoint {
  day: string;
  workflow: string;
  decided: number;
  met: number;
}

const SQL = `SELECT toString(day) AS d, workflow, sum(decided) AS n, sum(met) AS n_met
FROM sla_daily FINAL
WHERE stage = '' AND workflow != '' AND day >= {fromDay:Date} AND day <= {toDay:Date} AND ${PLANT_SCOPE_SQL}
GROUP BY d, workflow ORDER BY d, workflow`;

/** Decided and met end-to-end outcomes per UTC day and workflow, over the caller's plants. */
export async function dailyTrend(ch: ClickHouseClient, params: { fromDay: string; toDay: string; scopeAll: 0 | 1; scopePlants: string[] }): Promise<DailyPoint[]> {
  const rows = await select<{ d: string; workflow: string; n: string; n_met: string }, typeof dayRangeScope>(ch, "slas-daily-trend", SQL, dayRangeScope, params);
  return rows.map((r) => ({ day: r.d, workflow: r.workflow, decided: Number(r.n), met: Number(r.n_met) }));
}
