/**
 * The global time range of the SLA pages, the worklist and the overview, kept in the URL as
 * `?range=24h` or `?from=…&to=…` (ISO instants) so a link shows what its sender saw.
 */
export const RANGE_PRESETS = ["1h", "6h", "24h", "7d", "30d", "90d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const PRESET_MS: Record<RangePreset, number> = { "1h": HOUR, "6h": 6 * HOUR, "24h": DAY, "7d": 7 * DAY, "30d": 30 * DAY, "90d": 90 * DAY };
export const PRESET_LABELS: Record<RangePreset, string> = { "1h": "Last hour", "6h": "Last 6 h", "24h": "Last 24 h", "7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days" };
/** The overview counts per minute: a day is its longest useful window. */
export const OVERVIEW_PRESETS = ["1h", "6h", "24h"] as const satisfies readonly RangePreset[];

/** Daily rollups answer 90 days at the budget of one page load; longer would need a coarser grain. */
export const MAX_RANGE_MS = 90 * DAY;

export interface TimeRange {
  /** The preset, or "custom" for an explicit from/to. */
  key: RangePreset | "custom";
  from: number;
  to: number;
  label: string;
}

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function param(params: Params, name: string): string | undefined {
  const v = params instanceof URLSearchParams ? (params.get(name) ?? undefined) : params[name];
  return Array.isArray(v) ? v[0] : v;
}

function instant(text: string | undefined): number | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The range a URL asks for. A malformed or missing value falls back to `fallback` rather than
 * failing the page; a custom range is clipped to 90 days ending at its `to` and never ends in the future.
 */
export function parseTimeRange(params: Params, now: number, fallback: RangePreset = "24h"): TimeRange {
  const from = instant(param(params, "from"));
  const to = instant(param(params, "to"));
  if (from !== null && to !== null && from < to) {
    const end = Math.min(to, now);
    const start = Math.max(from, end - MAX_RANGE_MS);
    if (start < end) return { key: "custom", from: start, to: end, label: `${new Date(start).toISOString().slice(0, 16).replace("T", " ")} – ${new Date(end).toISOString().slice(0, 16).replace("T", " ")} UTC` };
  }
  const asked = param(params, "range");
  const key = (RANGE_PRESETS as readonly string[]).includes(asked ?? "") ? (asked as RangePreset) : fallback;
  return { key, from: now - PRESET_MS[key], to: now, label: PRESET_LABELS[key] };
}

/** The query string that reproduces a range: a preset stays relative, so a reload moves with the clock. */
export function rangeQuery(range: Pick<TimeRange, "key" | "from" | "to">): Record<string, string> {
  return range.key === "custom" ? { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() } : { range: range.key };
}

/** The UTC days ("2026-11-24") a range touches, first to last: the grain of the daily rollups. */
export function rangeDays(range: Pick<TimeRange, "from" | "to">): { first: string; last: string; count: number } {
  const first = new Date(range.from).toISOString().slice(0, 10);
  const last = new Date(range.to).toISOString().slice(0, 10);
  return { first, last, count: Math.round((Date.parse(last) - Date.parse(first)) / DAY) + 1 };
}
