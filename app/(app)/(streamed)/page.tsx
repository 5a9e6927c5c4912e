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
import { OVERVIEW_PRESETS, parseTimeRange, PRESET_MS, type RangePreset } from "@/lib/ui/time-range";

export const dynamic = "force-dynamic";
export const metadata = { title: "Overview" };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const deps = await appDeps();
  const actor = await requirePageActor(deps.db, "/");
  const params = await searchParams;
  // The overview is live traffic per minute: a preset of up to a day, relative to now.
  const asked = typeof params.range === "string" && (OVERVIEW_PRESETS as readonly string[]).includes(params.range) ? (params.range as RangePreset) : "1h";
  // eslint-disable-next-line react-hooks/purity
  const range = parseTimeRange({ range: asked }, Date.now(), "1h");
  const windowMinutes = PRESET_MS[asked] / 60_000;
  // Who triages sees grouped exceptions; roles without the inbox keep the raw failures list.
  const exceptions = hasPermission(actor.role, "exceptions:read") ? <TopExceptions page={await listGroups(deps.db, actor, InboxFilterSchema.parse({}), { limit: 8 })} /> : undefined;
  return (
    <OverviewLive
      exceptions={exceptions}
      windowMinutes={windowMinutes}
      rangeKey={asked}
      picker={
        <Suspense fallback={null}>
          <TimeRangePicker range={range} presets={OVERVIEW_PRESETS} allowCustom={false} />
        </Suspense>
      }
      initial={await getLiveOverview(deps.clickhouse, deps.pipeline, actor.plants, windowMinutes)}
    />
  );
}
