"use client";

import { useQuery } from "@tanstack/react-query";
import { getJson } from "@/components/ui/api-client";
import type { LiveOverview } from "@/lib/queries/get-live-overview";
import { formatCount, formatUtc } from "@/lib/ui/format";
import { toMinuteSeries } from "@/lib/ui/minute-series";
import { EmptyState, Panel } from "@/components/ui/panel";
import { EventsChart } from "./events-chart";
import { FailuresTable } from "./failures-table";
import { KpiTile } from "./kpi-tile";
import { PipelineStrip } from "./pipeline-strip";
import { PlantTable } from "./plant-table";

const REFRESH_MS = 2_500;

const fetchOverview = (rangeKey: string) => getJson<LiveOverview>(`/api/v1/overview?range=${encodeURIComponent(rangeKey)}`);

/** The overview, rendered first from the server's data, then kept live by polling the API. */
export function OverviewLive({ initial, windowMinutes, rangeKey, picker, exceptions }: { initial: LiveOverview; windowMinutes: number; rangeKey: string; picker: React.ReactNode; exceptions?: React.ReactNode }) {
  const { data, isError, dataUpdatedAt } = useQuery({
    queryKey: ["overview", rangeKey],
    queryFn: () => fetchOverview(rangeKey),
    initialData: initial,
    // The server just queried this: the first poll waits a full interval instead of repeating it.
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
    staleTime: REFRESH_MS,
    refetchInterval: REFRESH_MS,
  });
  // "Now" is the server's clock at query time, so relative times agree between SSR and hydration.
  const now = Date.parse(data.generatedAt);
  // The chart ends at the last full minute: the running one would always look like a drop.
  const series = toMinuteSeries(data.perMinute, windowMinutes, now - 60_000);
  const { events, failures, lastMinute } = data.totals;
  const rate = events === 0 ? 0 : (failures / events) * 100;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">Overview</h1>
          <p className="text-sm text-slate-500">Integration traffic across every plant you can see, {windowMinutes === 60 ? "last hour" : `last ${windowMinutes / 60} hours`}</p>
        </div>
        <div className="flex flex-col items-end gap-2">
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

      <PipelineStrip pipeline={data.pipeline} />

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <KpiTile testId="kpi-events" label="Events" value={formatCount(events)} hint={`last ${windowMinutes / 60} h`} />
        <KpiTile testId="kpi-last-minute" label="Last full minute" value={formatCount(lastMinute)} hint="events per minute" />
        <KpiTile testId="kpi-failures" label="Failures" value={formatCount(failures)} hint={`failed or dead-lettered, last ${windowMinutes / 60} h`} tone={failures > 0 ? "bad" : "default"} />
        <KpiTile testId="kpi-failure-rate" label="Failure rate" value={`${rate.toFixed(2)} %`} hint={`${series.systems.length} systems · ${data.byPlant.length} plants reporting`} tone={rate >= 5 ? "bad" : "default"} />
      </div>

      <Panel title="Events per minute by system" subtitle="Stacked; a band that thins out is a system going quiet">
        {series.systems.length === 0 ? (
          <EmptyState title="No events in this range">Send CloudEvents to POST /api/v1/ingest/events or turn the simulator on.</EmptyState>
        ) : (
          <EventsChart series={series} />
        )}
      </Panel>

      <div className="grid gap-6 xl:grid-cols-3">
        <Panel title="Plants" subtitle="Click a column to sort" className="xl:col-span-1">
          <PlantTable plants={data.byPlant} />
        </Panel>
        {exceptions ? (
          <Panel title="Exceptions needing action" subtitle="Failures grouped by error, most recent first; open one to triage it" className="xl:col-span-2">
            {exceptions}
          </Panel>
        ) : (
          <Panel title="Recent failures" subtitle="Newest first; open one to see its end-to-end timeline" className="xl:col-span-2">
            <FailuresTable failures={data.recentFailures} now={now} />
          </Panel>
        )}
      </div>
    </div>
  );
}
