"use client";

import Link from "next/link";
import { HEALTH_CLASSES, HEALTH_LABELS } from "@/lib/slas/views/heatmap-buckets";
import type { SlaSummaryPayload, SlaTrendPayload } from "@/lib/slas/sla-views";
import { formatCountOf, formatUtc } from "@/lib/ui/format";
import { EmptyState, Panel } from "@/components/ui/panel";
import { AttainmentHeatmap, HealthLegend } from "./attainment-heatmap";
import { BreachList } from "./breach-list";
import { BudgetTable } from "./budget-table";
import { worklistHref } from "./drill";
import { SlaTrendChart } from "./sla-trend-chart";
import { StageLatencyTable } from "./stage-latency-table";
import { useSlaDaily, useSlaSummary } from "./use-sla-data";

/** The executive SLA view, first from the server's data, then refreshed as the evaluator writes. */
export function SlasLive({ rangeQuery, initialSummary, initialTrend }: { rangeQuery: string; initialSummary: SlaSummaryPayload; initialTrend: SlaTrendPayload }) {
  const { data: s, isError } = useSlaSummary(rangeQuery, initialSummary);
  const { data: trend } = useSlaDaily(rangeQuery, initialTrend);
  const now = Date.parse(s.generatedAt);
  const { days } = s.range;
  const decided = s.workflows.reduce((n, w) => n + w.total.decided, 0);
  const csv = (path: string) => `${path}?${rangeQuery}${rangeQuery ? "&" : ""}format=csv`;

  return (
    <div className="space-y-6">
      <p className="text-xs text-slate-500" aria-live="polite">
        SLA figures count instances decided on whole UTC days: {days.first === days.last ? days.first : `${days.first} to ${days.last}`} ({formatCountOf(days.count, "day")}). Updated {formatUtc(s.generatedAt)}
        {isError && " · connection lost, retrying"}
      </p>

      <div data-testid="kpi-strip" className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-5">
        {s.kpis.map((k) => (
          <Link key={k.id} href={worklistHref(k.drill, rangeQuery)} data-testid={`kpi-${k.id}`} className="group rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm hover:border-indigo-400">
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{k.label}</p>
            <p className="mt-1 flex items-center gap-2 text-2xl font-semibold tabular-nums text-slate-900">
              {k.value}
              <span className={`h-3 w-3 rounded-full ${HEALTH_CLASSES[k.health].split(" ")[0]}`} title={HEALTH_LABELS[k.health]} aria-label={HEALTH_LABELS[k.health]} />
            </p>
            <p className="mt-0.5 text-xs text-slate-500 group-hover:text-indigo-700">{k.hint}</p>
          </Link>
        ))}
      </div>

      <Panel
        title="Attainment per workflow and plant"
        subtitle="Share of decided instances that met their end-to-end SLA, coloured by the error budget it leaves; worst workflow first. Click a cell for its late instances."
        actions={
          <a href={csv("/api/v1/slas/summary")} className="text-xs text-indigo-700 hover:underline" download>
            CSV
          </a>
        }
      >
        {decided === 0 ? (
          <EmptyState title="No SLA outcomes in this range yet">Instances appear here once they meet or breach their SLA; the evaluator judges them every few seconds.</EmptyState>
        ) : (
          <div className="space-y-3">
            <AttainmentHeatmap workflows={s.workflows} plants={s.plants} rangeQuery={rangeQuery} />
            <HealthLegend />
          </div>
        )}
      </Panel>

      <Panel
        title="Trend per day"
        subtitle="Attainment per workflow (lines, left axis) and breached instances (bars, right axis). Click a legend entry to hide or show it."
        actions={
          <a href={csv("/api/v1/slas/daily")} className="text-xs text-indigo-700 hover:underline" download>
            CSV
          </a>
        }
      >
        {trend.series.length === 0 ? <EmptyState title="No decided instances in this range" /> : <SlaTrendChart rows={trend.rows} series={trend.series} />}
      </Panel>

      <div className="grid gap-6 xl:grid-cols-2">
        <Panel title="Error budget left" subtitle="Per workflow and plant over this range, worst first. Below 0 % the objective is missed.">
          <BudgetTable budgets={s.budgets} rangeQuery={rangeQuery} />
        </Panel>
        <Panel title="Open breaches and burn-rate alerts" subtitle="Budget burns first, then the longest-standing breaches.">
          <BreachList breaches={s.breaches} now={now} />
        </Panel>
      </div>

      <Panel title="Stage latency" subtitle="p50 and p95 of each stage's own time, per workflow: where the hand-offs are slow.">
        <StageLatencyTable workflows={s.stageLatency} />
      </Panel>
    </div>
  );
}
