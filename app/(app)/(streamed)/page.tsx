import { Suspense } from "react";
import { OverviewLive } from "@/components/overview/overview-live";
import { TimeRangePicker } from "@/components/ui/time-range-picker";
import { TopExceptions } from "@/components/exceptions/top-exceptions";
import { requirePageActor } from "@/lib/auth/page-guard";
import { hasPermission } from "@/lib/auth/roles";
import { InboxFilterSchema } from "@/lib/exceptions/inbox-filter";
import { listGroups } from "@/lib/exceptions/inbox-query";
import { appDeps } from "@/server/runtime";
import { getLiveOverview } from "@/lib/queries/get-live-overview";
import { parseOverviewFilter } from "@/lib/queries/overview-filter";
import { OVERVIEW_PRESETS, parseTimeRange } from "@/lib/ui/time-range";

export const dynamic = "force-dynamic";
export const metadata = { title: "Overview" };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const deps = await appDeps();
  const actor = await requirePageActor(deps.db, "/");
  // The overview is live traffic per minute: a preset of up to a day, relative to now.
  const filter = parseOverviewFilter(await searchParams);
  // eslint-disable-next-line react-hooks/purity
  const range = parseTimeRange({ range: filter.range }, Date.now(), "1h");
  // Who triages sees grouped exceptions, narrowed to the overview's plant and system; roles without the inbox keep the raw failures list.
  const narrowed = { plant: filter.plant, system: filter.system };
  const exceptions = hasPermission(actor.role, "exceptions:read") ? <TopExceptions page={await listGroups(deps.db, actor, InboxFilterSchema.parse(narrowed), { limit: 8 })} filter={narrowed} /> : undefined;
  return (
    <OverviewLive
      exceptions={exceptions}
      filter={filter}
      picker={
        <Suspense fallback={null}>
          <TimeRangePicker range={range} presets={OVERVIEW_PRESETS} allowCustom={false} />
        </Suspense>
      }
      initial={await getLiveOverview(deps.clickhouse, deps.pipeline, actor.plants, filter, hasPermission(actor.role, "system:read"))}
    />
  );
}
