import "server-only";
import { getOverview, type Overview } from "./get-overview";
import { getPipelineStatus, type PipelineStatus } from "./get-pipeline";

export type LiveOverview = Overview & { pipeline: PipelineStatus };

/** What the overview page renders first and its API polls: the counts and the pipeline's health. */
export async function getLiveOverview(plants: string[] | null, windowMinutes?: number): Promise<LiveOverview> {
  const [overview, pipeline] = await Promise.all([getOverview(plants, windowMinutes), getPipelineStatus()]);
  return { ...overview, pipeline };
}
