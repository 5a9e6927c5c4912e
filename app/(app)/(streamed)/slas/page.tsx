import { Suspense } from "react";
import { SlasLive } from "@/components/slas/slas-live";
import { ForbiddenNotice } from "@/components/ui/forbidden-notice";
import { TimeRangePicker } from "@/components/ui/time-range-picker";
import { requirePageActor } from "@/lib/auth/page-guard";
import { hasPermission } from "@/lib/auth/roles";
import { appDeps } from "@/server/runtime";
import { loadSlaSummary, loadSlaTrend } from "@/lib/slas/sla-views";
import { parseTimeRange, rangeQuery } from "@/lib/ui/time-range";
import { loadViewDefinitions } from "@/lib/slas/view-definitions";

export const dynamic = "force-dynamic";
export const metadata = { title: "SLAs" };

export default async function SlasPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { clickhouse, db } = await appDeps();
  const actor = await requirePageActor(db, "/slas");
  if (!hasPermission(actor.role, "slas:read")) return <ForbiddenNotice title="SLA views are for managers, executives and engineers">Your role does not include SLA reporting.</ForbiddenNotice>;
  // A server component renders once per request: "now" is the moment of this view.
  // eslint-disable-next-line react-hooks/purity
  const range = parseTimeRange(await searchParams, Date.now(), "7d");
  const view = await loadViewDefinitions(db);
  const summary = await loadSlaSummary(clickhouse, view, range, actor.plants);
  const trend = await loadSlaTrend(clickhouse, view, range, actor.plants);
  const query = new URLSearchParams(rangeQuery(range)).toString();
  const scope = actor.plants === null ? "every plant" : actor.plants.length === 0 ? "no plants" : `plants ${actor.plants.join(", ")}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">SLAs</h1>
          <p className="text-sm text-slate-500">
            Are we meeting our SLAs, where is it getting worse, who must act: {range.label.toLowerCase()}, {scope}.
          </p>
        </div>
        <Suspense fallback={null}>
          <TimeRangePicker range={range} />
        </Suspense>
      </div>
      <SlasLive rangeQuery={query} initialSummary={summary} initialTrend={trend} />
    </div>
  );
}
