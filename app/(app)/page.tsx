import { OverviewLive } from "@/components/overview/overview-live";
import { requirePageActor } from "@/lib/auth/page-guard";
import { getOverview } from "@/lib/queries/get-overview";
import { getPipelineStatus } from "@/lib/queries/get-pipeline";
import { OVERVIEW_WINDOW_MINUTES } from "@/lib/ui/overview-window";

export const dynamic = "force-dynamic";
export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const actor = await requirePageActor("/");
  const [overview, pipeline] = await Promise.all([getOverview(actor.plants, OVERVIEW_WINDOW_MINUTES), getPipelineStatus()]);
  return <OverviewLive initial={{ ...overview, pipeline }} />;
}
