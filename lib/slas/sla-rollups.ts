import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { toClickHouseTime } from "../clickhouse/time";
import type { AttainmentCounts, BurnCounts, WindowCounts } from "./burn-rate";
import type { DecidedOutcome } from "./burn-windows";
import { attainmentWindows, type DailyTotal } from "./daily-totals";

/** Days, workflows and plants whose rollup rows to recount: every combination of them is recounted. */
export interface DailyGroups {
  days: string[];
  workflows: string[];
  plants: string[];
}

/**
 * Recounts sla_daily for every combination of these days, workflows and plants from the decided
 * outcomes (a primary-key range of sla_outcomes each). An outcome is decided once, so the recount
 * of a group is exact however often it runs, and a combination with no outcomes writes nothing;
 * rows replace the group's previous ones.
 */
export async function recomputeDaily(ch: ClickHouseClient, groups: DailyGroups, now: number): Promise<void> {
  if (groups.days.length === 0) return;
  const where = "decided_day IN {days:Array(Date)} AND workflow IN {workflows:Array(String)} AND plant IN {plants:Array(String)}";
  await ch.command({
    query: `INSERT INTO sla_daily (day, workflow, plant, stage, decided, met, latency, computed_at)
      SELECT decided_day, workflow, plant, '', count(), countIf(met = 1),
             quantilesTDigestStateIf(0.5, 0.95)(toFloat64(latency_ms), latency_ms >= 0), {now:DateTime64(3)}
      FROM sla_outcomes FINAL WHERE ${where}
      GROUP BY decided_day, workflow, plant
      UNION ALL
      SELECT decided_day, workflow, plant, stage_key, count(), countIf(met = 1),
             quantilesTDigestStateIf(0.5, 0.95)(toFloat64(ms), ms >= 0), {now:DateTime64(3)}
      FROM sla_outcomes FINAL ARRAY JOIN stage_keys AS stage_key, stage_ms AS ms
      WHERE ${where}
      GROUP BY decided_day, workflow, plant, stage_key`,
    query_params: { ...groups, now: toClickHouseTime(now) },
  });
}

/** p50/p95 of each stage's own latency over the last `days` days (from the previous stage's completion). */
export async function stageLatencies(ch: ClickHouseClient, days: number): Promise<Map<string, { p50: number; p95: number; samples: number }>> {
  const rs = await ch.query({
    query: `SELECT workflow, stage, quantilesTDigestMerge(0.5, 0.95)(latency) AS q, sum(decided) AS n
            FROM sla_daily FINAL WHERE day >= today() - {days:UInt16} AND stage != ''
            GROUP BY workflow, stage`,
    query_params: { days },
    format: "JSONEachRow",
  });
  const rows = await rs.json<{ workflow: string; stage: string; q: number[]; n: string }>();
  return new Map(rows.filter((r) => Number.isFinite(r.q[1])).map((r) => [`${r.workflow}/${r.stage}`, { p50: r.q[0]!, p95: r.q[1]!, samples: Number(r.n) }]));
}

/** Decided and breached instances per workflow and plant in the burn-rate windows ending at `now`. */
export async function burnWindowCounts(ch: ClickHouseClient, now: number): Promise<BurnCounts[]> {
  const rs = await ch.query({
    query: `SELECT workflow, plant,
        countIf(decided_at > {now:DateTime64(3)} - INTERVAL 5 MINUTE) AS t5m, countIf(met = 0 AND decided_at > {now:DateTime64(3)} - INTERVAL 5 MINUTE) AS b5m,
        countIf(decided_at > {now:DateTime64(3)} - INTERVAL 30 MINUTE) AS t30m, countIf(met = 0 AND decided_at > {now:DateTime64(3)} - INTERVAL 30 MINUTE) AS b30m,
        countIf(decided_at > {now:DateTime64(3)} - INTERVAL 1 HOUR) AS t1h, countIf(met = 0 AND decided_at > {now:DateTime64(3)} - INTERVAL 1 HOUR) AS b1h,
        count() AS t6h, countIf(met = 0) AS b6h
      FROM sla_outcomes FINAL
      WHERE decided_day >= toDate({now:DateTime64(3)} - INTERVAL 6 HOUR)
        AND decided_at > {now:DateTime64(3)} - INTERVAL 6 HOUR AND decided_at <= {now:DateTime64(3)}
      GROUP BY workflow, plant`,
    query_params: { now: toClickHouseTime(now) },
    format: "JSONEachRow",
  });
  const rows = await rs.json<Record<string, string>>();
  const w = (r: Record<string, string>, k: string): WindowCounts => ({ total: Number(r[`t${k}`]), bad: Number(r[`b${k}`]) });
  return rows.map((r) => ({ workflow: r.workflow!, plant: r.plant!, windows: { "5m": w(r, "5m"), "30m": w(r, "30m"), "1h": w(r, "1h"), "6h": w(r, "6h") } }));
}

/** Plants that sent matching events in the week before `now`: the ones a volume non-event expects to hear from. */
export async function plantsSending(ch: ClickHouseClient, match: { typePattern: string; sourcePattern: string }, now: number): Promise<string[]> {
  const counts = await volumeCounts(ch, match, { start: now - 7 * 86_400_000, end: now });
  return [...counts.keys()].filter((p) => p !== "").sort();
}

/** Matching events per plant in [start, end). */
export async function volumeCounts(
  ch: ClickHouseClient,
  match: { typePattern: string; sourcePattern: string },
  window: { start: number; end: number },
): Promise<Map<string, number>> {
  const rs = await ch.query({
    query: `SELECT plant, sum(events) AS n FROM events_per_minute_by_type
            WHERE minute >= {start:DateTime64(3)} AND minute < {end:DateTime64(3)}
              AND match(type, {typePattern:String})
              AND match(source_system, {sourcePattern:String})
            GROUP BY plant`,
    query_params: { ...match, start: toClickHouseTime(window.start), end: toClickHouseTime(window.end) },
    format: "JSONEachRow",
  });
  return new Map((await rs.json<{ plant: string; n: string }>()).map((r) => [r.plant, Number(r.n)]));
}

/** End-to-end outcomes per workflow and plant over trailing windows of whole UTC days, from the daily rollup. */
export async function attainmentCounts(ch: ClickHouseClient, windowsDays: readonly number[], now: number): Promise<AttainmentCounts[]> {
  const longest = Math.max(...windowsDays);
  const rs = await ch.query({
    query: `SELECT workflow, plant, dateDiff('day', day, toDate({now:DateTime64(3)})) AS age, sum(decided) AS total, sum(decided) - sum(met) AS bad
            FROM sla_daily FINAL
            WHERE stage = '' AND day > toDate({now:DateTime64(3)}) - {longest:UInt16} AND day <= toDate({now:DateTime64(3)})
            GROUP BY workflow, plant, age`,
    query_params: { now: toClickHouseTime(now), longest },
    format: "JSONEachRow",
  });
  const rows = await rs.json<{ workflow: string; plant: string; age: string; total: string; bad: string }>();
  return attainmentWindows(
    rows.map((r) => ({ workflow: r.workflow, plant: r.plant, age: Number(r.age), total: Number(r.total), bad: Number(r.bad) })),
    windowsDays,
  );
}

/** The end-to-end rows of sla_daily from `fromDay` on; with groups, only those of every combination of their days, workflows and plants. */
export async function dailyTotals(ch: ClickHouseClient, fromDay: string, groups: DailyGroups = { days: [], workflows: [], plants: [] }): Promise<DailyTotal[]> {
  const rs = await ch.query({
    query: `SELECT toString(day), workflow, plant, decided, met FROM sla_daily FINAL
            WHERE stage = '' AND day >= {fromDay:Date}
              AND (empty({days:Array(Date)}) OR day IN {days:Array(Date)})
              AND (empty({workflows:Array(String)}) OR workflow IN {workflows:Array(String)})
              AND (empty({plants:Array(String)}) OR plant IN {plants:Array(String)})`,
    query_params: { fromDay, ...groups },
    format: "JSONCompactEachRow",
    query_id: `sla-daily-totals-${crypto.randomUUID()}`,
  });
  return (await rs.json<[string, string, string, string, string]>()).map(([day, workflow, plant, decided, met]) => ({ day, workflow, plant, decided: Number(decided), met: Number(met) }));
}

/** The outcomes decided after `since` (and any dated later than now), as sla_outcomes FINAL holds them. */
export async function recentOutcomes(ch: ClickHouseClient, since: number): Promise<DecidedOutcome[]> {
  const rs = await ch.query({
    query: `SELECT toString(decided_day), workflow, plant, correlation_id, toUnixTimestamp64Milli(decided_at), met
            FROM sla_outcomes FINAL
            WHERE decided_day >= toDate({since:DateTime64(3)}) AND decided_at > {since:DateTime64(3)}`,
    query_params: { since: toClickHouseTime(since) },
    format: "JSONCompactEachRow",
    query_id: `sla-recent-outcomes-${crypto.randomUUID()}`,
  });
  return (await rs.json<[string, string, string, string, string, number]>()).map(([day, workflow, plant, correlationId, at, met]) => ({ day, workflow, plant, correlationId, decidedAt: Number(at), met: Number(met) === 1 }));
}
