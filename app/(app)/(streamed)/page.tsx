import { OverviewLive } from "@/components/overview/overview-live";
import { requirePageActor } from "@/lib/auth/page-guard";
import { getLiveOverview } from "@/lib/queries/get-live-overview";
import { OVERVIEW_WINDOW_MINUTES } from "@/lib/ui/overview-window";

export const dynamic = "force-dynamic";
export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const actor = await requirePageActor("/");
  return <OverviewLive initial={await getLiveOverview(actor.plants, OVERVIEW_WINDOW_MINUTES)} />;
}
