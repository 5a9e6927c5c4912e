import { apiRoute } from "@/server/api-route";
import { getLiveOverview } from "@/lib/queries/get-live-overview";
import { OVERVIEW_PRESETS, PRESET_MS, type RangePreset } from "@/lib/ui/time-range";

export const dynamic = "force-dynamic";

/** The overview's counts; `range` is one of the overview's presets (1h, 6h, 24h), default the last hour. */
export const GET = apiRoute({ permission: "events:read" }, async (request, { actor, deps }) => {
  const asked = new URL(request.url).searchParams.get("range") ?? "1h";
  const preset: RangePreset = (OVERVIEW_PRESETS as readonly string[]).includes(asked) ? (asked as RangePreset) : "1h";
  return Response.json(await getLiveOverview(deps.clickhouse, deps.pipeline, actor.plants, PRESET_MS[preset] / 60_000));
});
