import { OverviewLive } from "@/components/overview/overview-live";
import { requirePageActor } from "@/lib/auth/page-guard";
import { appDeps } from "@/server/runtime";
import { getLiveOverview } from "@/lib/queries/get-live-overview";
import { OVERVIEW_WINDOW_MINUTES } from "@/lib/ui/overview-window";

export const dynamic = "force-dynamic";
export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const deps = await appDeps();
  const actor = await requirePageActor(deps.db, "/");
  return <OverviewLive initial={await getLiveOverview(deps.clickhouse, deps.pipeline, actor.plants, OVERVIEW_WINDOW_MINUTES)} />;
}
