import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { plantScope } from "../clickhouse/query";
import { rangeDays, type TimeRange } from "../ui/time-range";
import { attainmentByWorkflowPlant } from "./queries/attainment";
import { dailyTrend } from "./queries/daily-trend";
import { instanceCounts } from "./queries/instance-counts";
import { instanceFilterSchema, type InstanceFilter } from "./queries/instance-filter";
import { listInstances, type InstanceRow } from "./queries/instances";
import { lotExceptions, type LotException } from "./queries/lot-exceptions";
import { openBreaches, type OpenBreach } from "./queries/open-breaches";
import { stageLatencies } from "./queries/stage-latency";
import type { ViewDefinitions } from "./view-definitions";
import { buildSlaSummary, buildTrend, type SlaSummary, type TrendRow } from "./views/sla-summary";

export interface RangeInfo {
  key: TimeRange["key"];
  from: string;
  to: string;
  label: string;
  /** The whole UTC days the daily rollups cover for this range. */
  days: { first: string; last: string; count: number };
}

// plantScope speaks numbers; the zod-checked query parameters want the literal 0 or 1.
const scopeOf = (plants: string[] | null) => plantScope(plants) as { scopeAll: 0 | 1; scopePlants: string[] };

const info = (range: TimeRange): RangeInfo => ({ key: range.key, from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), label: range.label, days: rangeDays(range) });

export type SlaSummaryPayload = SlaSummary & { range: RangeInfo; breaches: OpenBreach[]; generatedAt: string };

/** Everything /slas shows but the trend, for the caller's plants (null: every plant). */
export async function loadSlaSummary(ch: ClickHouseClient, view: ViewDefinitions, range: TimeRange, plants: string[] | null): Promise<SlaSummaryPayload> {
  const scope = scopeOf(plants);
  const days = rangeDays(range);
  const dayParams = { fromDay: days.first, toDay: days.last, ...scope };
  // chDB runs one query at a time; awaiting in turn says so instead of pretending to parallelism.
  const attainment = await attainmentByWorkflowPlant(ch, dayParams);
  const stageLatency = await stageLatencies(ch, dayParams);
  const counts = await instanceCounts(ch, range, scope);
  const breaches = await openBreaches(ch, scope);
  return { ...buildSlaSummary({ workflows: view.workflows, attainment, counts, stageLatency }), range: info(range), breaches, generatedAt: new Date().toISOString() };
}

export interface SlaTrendPayload {
  range: RangeInfo;
  series: { key: string; name: string }[];
  rows: TrendRow[];
  generatedAt: string;
}

/** Attainment per day and workflow, and breaches per day, over the range's days. */
export async function loadSlaTrend(ch: ClickHouseClient, view: ViewDefinitions, range: TimeRange, plants: string[] | null): Promise<SlaTrendPayload> {
  const scope = scopeOf(plants);
  const days = rangeDays(range);
  const points = await dailyTrend(ch, { fromDay: days.first, toDay: days.last, ...scope });
  const seen = new Set(points.map((p) => p.workflow));
  const series = view.workflows.filter((w) => seen.has(w.key)).map((w) => ({ key: w.key, name: w.name }));
  return { range: info(range), series, rows: buildTrend(points, days.first, days.last), generatedAt: new Date().toISOString() };
}

export interface WorklistPayload {
  range: RangeInfo;
  filter: InstanceFilter;
  items: InstanceRow[];
  truncated: boolean;
  generatedAt: string;
}

/** The worklist's instances for the caller's plants. */
export async function loadWorklist(ch: ClickHouseClient, filter: InstanceFilter, range: TimeRange, plants: string[] | null): Promise<WorklistPayload> {
  const scope = scopeOf(plants);
  // One more than asked tells whether the list was cut.
  const items = await listInstances(ch, { ...filter, limit: filter.limit + 1 }, range, scope);
  return { range: info(range), filter, items: items.slice(0, filter.limit), truncated: items.length > filter.limit, generatedAt: new Date().toISOString() };
}

export function parseInstanceFilter(params: Record<string, string | string[] | undefined>) {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
  return instanceFilterSchema.safeParse(flat);
}

export interface LotExceptionsPayload {
  items: LotException[];
  generatedAt: string;
}

export async function loadLotExceptions(ch: ClickHouseClient, plants: string[] | null, now = Date.now()): Promise<LotExceptionsPayload> {
  return { items: await lotExceptions(ch, scopeOf(plants), now), generatedAt: new Date(now).toISOString() };
}
