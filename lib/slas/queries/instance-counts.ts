import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { PLANT_SCOPE_SQL } from "../../clickhouse/query";
import { toClickHouseTime } from "../../clickhouse/time";
import { instantRangeScope } from "./scope";
import { select } from "./select";

export interface InstanceCounts {
  workflow: string;
  plant: string;
  total: number;
  /** Instances that saw no failed or dead-lettered message (a retry that succeeded counts as a failure seen). */
  clean: number;
  open: number;
  atRisk: number;
  breached: number;
  failed: number;
}

const SQL = `SELECT workflow, plant, count() AS n, countIf(failures = 0 AND dead_letters = 0) AS n_clean,
  countIf(status != 'completed' AND sla_state = 'open') AS n_open, countIf(status != 'completed' AND sla_state = 'at_risk') AS n_risk,
  countIf(sla_state = 'breached') AS n_breached, countIf(status = 'failed') AS n_failed
FROM workflow_instance_states FINAL
WHERE workflow != '' AND trigger_time >= {from:DateTime64(3)} AND trigger_time <= {to:DateTime64(3)} AND ${PLANT_SCOPE_SQL}
GROUP BY workflow, plant`;

/** Per workflow and plant, the instances triggered in [from, to] by state: what the worklist would list, counted. */
export async function instanceCounts(ch: ClickHouseClient, range: { from: number; to: number }, scope: { scopeAll: 0 | 1; scopePlants: string[] }): Promise<InstanceCounts[]> {
  const rows = await select<Record<string, string>, typeof instantRangeScope>(ch, "slas-instance-counts", SQL, instantRangeScope, {
    from: toClickHouseTime(range.from),
    to: toClickHouseTime(range.to),
    ...scope,
  });
  return rows.map((r) => ({
    workflow: r.workflow!,
    plant: r.plant!,
    total: Number(r.n),
    clean: Number(r.n_clean),
    open: Number(r.n_open),
    atRisk: Number(r.n_risk),
    breached: Number(r.n_breached),
    failed: Number(r.n_failed),
  }));
}
