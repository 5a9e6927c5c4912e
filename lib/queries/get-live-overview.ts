import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { getOverview, type Overview } from "./get-overview";
import { getPipelineStatus, type PipelineSource, type PipelineStatus } from "./get-pipeline";

export type LiveOverview = Overview & { pipeline: PipelineStatus };

/** What the overview page renders first and its API polls: the counts and the pipeline's health. */
export async function getLiveOverview(
  ch: ClickHouseClient,
  source: PipelineSource,
  plants: string[] | null,
  windowMinutes?: number,
): Promise<LiveOverview> {
  const [overview, pipeline] = await Promise.all([getOverview(ch, plants, windowMinutes), getPipelineStatus(ch, source)]);
  return { ...overview, pipeline };
}
