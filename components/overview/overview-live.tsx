"use client";

import { useQuery } from "@tanstack/react-query";
import { Suspense } from "react";
import { getJson } from "@/components/ui/api-client";
import type { LiveOverview } from "@/lib/queries/get-live-overview";
import { overviewSearch, windowMinutesOf, type OverviewFilter } from "@/lib/queries/overview-filter";
import { formatCount, formatCountOf, formatUtc } from "@/lib/ui/format";
import { toMinuteSeries } from "@/lib/ui/minute-series";
import { PRESET_LABELS } from "@/lib/ui/time-range";
import { EmptyState, Panel } from "@/components/ui/panel";
import { EventsChart } from "./events-chart";
import { FailuresTable } from "./failures-table";
import { KpiTile } from "./kpi-tile";
import { OverviewFilters } from "./overview-filters";
import { PipelineStrip } from "./pipeline-strip";
import { PlantTable } from "./plant-table";

const REFRESH_MS = 2_500;

const fetchOverview = (search: string) => getJson<LiveOverview>(`/api/v1/overview?${search}`);

/** The overview, rendered first from the server's data, then kept live by polling the API with the URL's filters. */
export function OverviewLive({ initial, filter, picker, exceptions }: { initial: LiveOverview; filter: OverviewFilter; picker: React.ReactNode; exceptions?: React.ReactNode }) {
  const search = overviewSearch(filter);
  const { data, isError, dataUpdatedAt } = useQuery({
    queryKey: ["overview", search],
    queryFn: () => fetchOverview(search),
    initialData: initial,
    // The server just queried this: the first poll waits a full interval instead of repeating it.
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
    staleTime: REFRESH_MS,
    refetchInterval: REFRESH_MS,
  });
  const windowMinutes = windowMinutesOf(filter);
  const rangeLabel = PRESET_LABELS[filter.range];
  // "Now" is the server's clock at query time, so relative times agree between SSR and hydration.
  const now = Date.parse(data.generatedAt);
  // The chart ends at the last full minute: the running one would always look like a drop.
  const series = toMinuteSeries(data.perMinute, windowMinutes, now - 60_000);
  const { events, failures, lastMinute } = data.totals;
  const rate = events === 0 ? 0 : (failures / events) * 100;
  const scope = [filter.plant && `plant ${filter.plant}`, filter.system && `reported by ${filter.system}`].filter(Boolean).join(", ");

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">Overview</h1>
          <p className="text-sm text-slate-500">
            Integration traffic {scope ? `for ${scope}` : "across every plant you can see"}, {rangeLabel.toLowerCase()}
          </p>
        </div>
        <div className="flex flex-col items-start gap-2 sm:items-end">
          {picker}
          <p className="flex items-center gap-2 text-xs text-slate-500" aria-live="polite">
            {isError ? (
              <>
                <span className="h-2 w-2 rounded-full bg-amber-500" aria-hidden />
                Connection lost, retrying · data from {formatUtc(new Date(dataUpdatedAt).toISOString())}
              </>
            ) : (
              <>
                <span className="h-2 w-2 animate-pulse rounded-full bg-emerald-500" aria-hidden />
                Live · updated {formatUtc(data.generatedAt)}
              </>
            )}
          </p>
        </div>
      </div>

      <Suspense fallback={null}>
        <OverviewFilters filter={filter} facets={data.facets} />
      </Suspense>

      {data.pipeline && <PipelineStrip pipeline={data.pipeline} />}

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <KpiTile testId="kpi-events" label="Events" value={formatCount(events)} hint={rangeLabel.toLowerCase()} />
        <KpiTile testId="kpi-last-minute" label="Last full minute" value={formatCount(lastMinute)} hint="events per minute" />
        <KpiTile testId="kpi-failures" label="Failures" value={formatCount(failures)} hint="integration messages that failed or were dead-lettered" tone={failures > 0 ? "bad" : "default"} />
        <KpiTile testId="kpi-failure-rate" label="Failure rate" value={`${rate.toFixed(2)} %`} hint={`${formatCountOf(series.systems.length, "system")} · ${formatCountOf(data.byPlant.length, "plant")} reporting`} tone={rate >= 5 ? "bad" : "default"} />
      </div>

      <Panel title="Events per minute by system" subtitle="Stacked by the system that reported them; a band that thins out is a system going quiet. The red line counts failures on the right-hand scale.">
        {series.systems.length === 0 ? (
          <EmptyState title="No events in this range">Send CloudEvents to POST /api/v1/ingest/events or turn the simulator on.</EmptyState>
        ) : (
          <EventsChart series={series} />
        )}
      </Panel>

      {/* min-w-0: a grid item is otherwise as wide as its widest table, wider than a phone. */}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Panel title="Plants" subtitle="Click a column to sort" className="min-w-0 xl:col-span-1">
          <PlantTable plants={data.byPlant} />
        </Panel>
        {exceptions ? (
          <Panel title="Exceptions needing action" subtitle="Failures grouped by error, most recent first; open one to triage it" className="min-w-0 xl:col-span-2">
            {exceptions}
          </Panel>
        ) : (
          <Panel title="Recent failures" subtitle="Newest first; open one to see its end-to-end timeline" className="min-w-0 xl:col-span-2">
            <FailuresTable failures={data.recentFailures} now={now} rangeLabel={rangeLabel} />
          </Panel>
        )}
      </div>
    </div>
  );
}
