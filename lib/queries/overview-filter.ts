import { z } from "zod";
import { SOURCE_SYSTEMS } from "../events/contract";
import { OVERVIEW_PRESETS, PRESET_MS } from "../ui/time-range";

/**
 * The overview's filters as its URL and its API take them: a time range preset, a plant and the
 * system that reported the events. A value that does not parse is dropped, as the time range of
 * every page falls back, so an old or hand-edited link still opens the overview.
 */
export const overviewFilterSchema = z.object({
  range: z.enum(OVERVIEW_PRESETS).catch("1h"),
  plant: z.string().trim().min(1).max(100).optional().catch(undefined),
  system: z.enum(SOURCE_SYSTEMS).optional().catch(undefined),
});
export type OverviewFilter = z.infer<typeof overviewFilterSchema>;

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

export function parseOverviewFilter(params: Params): OverviewFilter {
  const get = (name: string) => {
    const v = params instanceof URLSearchParams ? (params.get(name) ?? undefined) : params[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return overviewFilterSchema.parse({ range: get("range"), plant: get("plant") || undefined, system: get("system") || undefined });
}

/** The query string of a filter, for the API and for links: only what is set. */
export function overviewSearch(filter: OverviewFilter): string {
  const params = new URLSearchParams({ range: filter.range });
  if (filter.plant) params.set("plant", filter.plant);
  if (filter.system) params.set("system", filter.system);
  return params.toString();
}

export const windowMinutesOf = (filter: Pick<OverviewFilter, "range">) => PRESET_MS[filter.range] / 60_000;
