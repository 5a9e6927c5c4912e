import { Suspense } from "react";
import { ForbiddenNotice } from "@/components/ui/forbidden-notice";
import { TimeRangePicker } from "@/components/ui/time-range-picker";
import { WorklistLive, type WorklistTab } from "@/components/worklist/worklist-live";
import { requirePageActor } from "@/lib/auth/page-guard";
import { hasPermission } from "@/lib/auth/roles";
import { appDeps } from "@/server/runtime";
import { loadLotExceptions, loadWorklist, parseInstanceFilter } from "@/lib/slas/sla-views";
import { loadViewDefinitions } from "@/lib/slas/view-definitions";
import { parseTimeRange, rangeQuery } from "@/lib/ui/time-range";

export const dynamic = "force-dynamic";
export const metadata = { title: "Worklist" };

const TABS: readonly WorklistTab[] = ["instances", "lots", "divergent"];

export default async function WorklistPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { clickhouse, db } = await appDeps();
  const actor = await requirePageActor(db, "/worklist");
  if (!hasPermission(actor.role, "slas:read")) return <ForbiddenNotice title="The worklist is for plant managers, executives and engineers">Your role does not include SLA views.</ForbiddenNotice>;
  const params = await searchParams;
  const tab = TABS.find((t) => t === params.tab) ?? "instances";
  // eslint-disable-next-line react-hooks/purity
  const range = parseTimeRange(params, Date.now(), "24h");
  // A malformed filter falls back to "needs action" rather than an error page; the API answers it with a 400.
  const parsed = parseInstanceFilter(params);
  const filter = parsed.success ? parsed.data : parseInstanceFilter({}).data!;
  const query = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (k === "tab" || v === undefined ? [] : [[k, Array.isArray(v) ? v.join(",") : v]]))).toString();
  const initialInstances = tab === "instances" ? await loadWorklist(clickhouse, filter, range, actor.plants) : null;
  const initialLots = tab === "instances" ? null : await loadLotExceptions(clickhouse, actor.plants);
  const tabHref = Object.fromEntries(TABS.map((t) => [t, `/worklist?${new URLSearchParams({ ...(t === "instances" ? {} : { tab: t }), ...rangeQuery(range) }).toString()}`])) as Record<WorklistTab, string>;
  const plants = actor.plants ?? [...new Set(initialInstances?.items.map((i) => i.plant).filter(Boolean) ?? [])].sort();

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Worklist</h1>
          <p className="text-sm text-slate-500">Who must act now: late, at-risk and blocked workflow instances, held lots and lots whose systems disagree{actor.plants ? `, plants ${actor.plants.join(", ")}` : ""}.</p>
        </div>
        <Suspense fallback={null}>
          <TimeRangePicker range={range} />
        </Suspense>
      </div>
      <WorklistLive tab={tab} query={query} tabHref={tabHref} workflows={(await loadViewDefinitions(db)).workflows} plants={plants} initialInstances={initialInstances} initialLots={initialLots} />
    </div>
  );
}
