import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { z } from "zod";
import { PLANT_SCOPE_SQL } from "../../clickhouse/query";
import { chTimeToIso, toClickHouseTime } from "../../clickhouse/time";
import { INSTANCE_STATUSES, SLA_STATES, type InstanceFilter, type InstanceSort } from "./instance-filter";
import { select } from "./select";

export interface InstanceRow {
  correlationId: string;
  workflow: string;
  plant: string;
  status: (typeof INSTANCE_STATUSES)[number];
  slaState: (typeof SLA_STATES)[number];
  currentStage: string;
  triggerTime: string;
  deadline: string;
  reachedAt: string | null;
  timeToBreachMs: number;
  overByMs: number;
  atRiskReason: string;
  failures: number;
  retries: number;
  deadLetters: number;
  lots: string[];
  orders: string[];
  lastEventAt: string;
  evaluatedAt: string;
}

const params = z.object({
  from: z.string(),
  to: z.string(),
  scopeAll: z.union([z.literal(0), z.literal(1)]),
  scopePlants: z.array(z.string().max(100)).max(500),
  workflow: z.string(),
  plant: z.string(),
  stage: z.string(),
  states: z.array(z.string()),
  statuses: z.array(z.string()),
  actionOnly: z.union([z.literal(0), z.literal(1)]),
  limit: z.number().int().min(1).max(2000),
});

// Fixed fragments, chosen by an enum: never a value from the request.
const ORDER: Record<InstanceSort, string> = {
  deadline: "deadline ASC",
  over_by: "over_ms DESC, deadline ASC",
  time_to_breach: "ttb_ms ASC",
  trigger: "trigger_time DESC",
};

// Every instance that needs action (late or at risk and not completed, or failed) is in
// workflow_instance_worklist with its latest state (migration 0010), a small part of
// workflow_instance_states: lists that can only show such instances read it instead of the
// plant's whole history. At risk implies not completed; breached does not.
type Table = "workflow_instance_states" | "workflow_instance_worklist";

function tableFor(filter: InstanceFilter, actionOnly: 0 | 1): Table {
  const states = filter.sla_state ?? [];
  const statuses = filter.status ?? [];
  const onWorklist = actionOnly === 1 || (states.length > 0 && states.every((s) => s === "at_risk")) || (statuses.length > 0 && statuses.every((s) => s === "failed"));
  return onWorklist ? "workflow_instance_worklist" : "workflow_instance_states";
}

// time_to_breach_ms and over_by_ms are as of the last evaluation; the view re-derives both from
// `deadline` and the read time, so a row evaluated minutes ago still counts down.
const sql = (sort: InstanceSort, table: Table) => `SELECT correlation_id, workflow, plant, status, sla_state, current_stage, trigger_time, deadline, reached_at,
  toUnixTimestamp64Milli(deadline) - toUnixTimestamp64Milli(now64(3)) AS ttb_ms,
  if(sla_state = 'breached', if(reached_at IS NULL, greatest(0, toUnixTimestamp64Milli(now64(3)) - toUnixTimestamp64Milli(deadline)), over_by_ms), 0) AS over_ms,
  at_risk_reason, failures, retries, dead_letters, lots, orders, last_event_at, evaluated_at
FROM ${table} FINAL
WHERE workflow != '' AND trigger_time >= {from:DateTime64(3)} AND trigger_time <= {to:DateTime64(3)} AND ${PLANT_SCOPE_SQL}
  AND ({workflow:String} = '' OR workflow = {workflow:String})
  AND ({plant:String} = '' OR plant = {plant:String})
  AND ({stage:String} = '' OR current_stage = {stage:String})
  AND (empty({states:Array(String)}) OR sla_state IN {states:Array(String)})
  AND (empty({statuses:Array(String)}) OR status IN {statuses:Array(String)})
  AND ({actionOnly:UInt8} = 0 OR (status != 'completed' AND (sla_state IN ('breached', 'at_risk') OR status = 'failed')))
ORDER BY ${ORDER[sort]}, correlation_id
LIMIT {limit:UInt32}`;

/** Workflow instances of the caller's plants triggered in [from, to], filtered as the worklist asks. */
export async function listInstances(ch: ClickHouseClient, filter: InstanceFilter, range: { from: number; to: number }, scope: { scopeAll: 0 | 1; scopePlants: string[] }): Promise<InstanceRow[]> {
  const actionOnly = !filter.sla_state?.length && !filter.status?.length ? 1 : 0;
  const rows = await select<Record<string, unknown>, typeof params>(ch, "slas-instances", sql(filter.sort, tableFor(filter, actionOnly)), params, {
    from: toClickHouseTime(range.from),
    to: toClickHouseTime(range.to),
    ...scope,
    workflow: filter.workflow ?? "",
    plant: filter.plant ?? "",
    stage: filter.stage ?? "",
    states: filter.sla_state ?? [],
    statuses: filter.status ?? [],
    actionOnly,
    limit: filter.limit,
  });
  const iso = (v: unknown) => chTimeToIso(String(v));
  return rows.map((r) => ({
    correlationId: String(r.correlation_id),
    workflow: String(r.workflow),
    plant: String(r.plant),
    status: r.status as InstanceRow["status"],
    slaState: r.sla_state as InstanceRow["slaState"],
    currentStage: String(r.current_stage),
    triggerTime: iso(r.trigger_time),
    deadline: iso(r.deadline),
    reachedAt: r.reached_at === null ? null : iso(r.reached_at),
    timeToBreachMs: Number(r.ttb_ms),
    overByMs: Number(r.over_ms),
    atRiskReason: String(r.at_risk_reason),
    failures: Number(r.failures),
    retries: Number(r.retries),
    deadLetters: Number(r.dead_letters),
    lots: r.lots as string[],
    orders: r.orders as string[],
    lastEventAt: iso(r.last_event_at),
    evaluatedAt: iso(r.evaluated_at),
  }));
}
