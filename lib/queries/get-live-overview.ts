import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { getOverview, type Overview } from "./get-overview";
import type { OverviewFilter } from "./overview-filter";
import { getPipelineStatus, type PipelineSource, type PipelineStatus } from "./get-pipeline";

/** `pipeline` is null for roles that do not operate the pipeline (no system:read): it is not theirs to act on. */
export type LiveOverview = Overview & { pipeline: PipelineStatus | null };

/** What the overview page renders first and its API polls: the counts and, for its operators, the pipeline's health. */
export async function getLiveOverview(
  ch: ClickHouseClient,
  source: PipelineSource,
  plants: string[] | null,
  filter: OverviewFilter,
  withPipeline: boolean,
): Promise<LiveOverview> {
  const [overview, pipeline] = await Promise.all([getOverview(ch, plants, filter), withPipeline ? getPipelineStatus(ch, source) : null]);
  return { ...overview, pipeline };
}
