import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { toClickHouseTime } from "../clickhouse/time";
import type { BurnWindow, WindowCounts } from "./burn-rate";

/**
 * Recounts whole days of sla_daily from the decided outcomes. An outcome is decided once, so the
 * recount of a day is exact however often it runs; rows replace the day's previous ones.
 */
export async function recomputeDaily(ch: ClickHouseClient, days: readonly string[], now: number): Promise<void> {
  if (days.length === 0) return;
  await ch.command({
    query: `INSERT INTO sla_daily (day, workflow, plant, stage, decided, met, latency, computed_at)
      SELECT decided_day, workflow, plant, '', count(), countIf(met = 1),
             quantilesTDigestStateIf(0.5, 0.95)(toFloat64(latency_ms), latency_ms >= 0), {now:DateTime64(3)}
      FROM sla_outcomes FINAL WHERE decided_day IN {days:Array(Date)}
      GROUP BY decided_day, workflow, plant
      UNION ALL
      SELECT decided_day, workflow, plant, stage_key, count(), countIf(met = 1),
             quantilesTDigestStateIf(0.5, 0.95)(toFloat64(ms), ms >= 0), {now:DateTime64(3)}
      FROM sla_outcomes FINAL ARRAY JOIN stage_keys AS stage_key, stage_ms AS ms
      WHERE decided_day IN {days:Array(Date)}
      GROUP BY decided_day, workflow, plant, stage_key`,
    query_params: { days, now: toClickHouseTime(now) },
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

export interface BurnCounts {
  workflow: string;
  plant: string;
  windows: Record<BurnWindow, WindowCounts>;
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

export interface AttainmentCounts {
  workflow: string;
  plant: string;
  /** Decided and breached instances per trailing window of days (today included). */
  windows: Record<`${number}d`, WindowCounts>;
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
  const by = new Map<string, AttainmentCounts>();
  for (const r of await rs.json<{ workflow: string; plant: string; age: string; total: string; bad: string }>()) {
    const key = `${r.workflow}\u001f${r.plant}`;
    let entry = by.get(key);
    if (!entry) {
      entry = { workflow: r.workflow, plant: r.plant, windows: Object.fromEntries(windowsDays.map((d) => [`${d}d`, { total: 0, bad: 0 }])) };
      by.set(key, entry);
    }
    for (const d of windowsDays) {
      if (Number(r.age) < d) {
        const w = entry.windows[`${d}d`]!;
        w.total += Number(r.total);
        w.bad += Number(r.bad);
      }
    }
  }
  return [...by.values()];
}
