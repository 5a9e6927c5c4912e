import type { BusinessCalendar } from "./definition-spec";

/**
 * Business time of a plant: weekly opening windows in the plant's own time zone, minus its
 * holidays, as UTC intervals. Local wall times are converted with Intl (the IANA database the
 * runtime ships), so a window keeps its local hours across DST changes: on the day clocks go
 * forward a 00:00–24:00 window is 23 h long, on the day they go back 25 h.
 *
 * Windows never cross midnight (the schema requires start < end); a night shift is two windows,
 * 22:00–24:00 and 00:00–06:00 of the next day, which this module joins into one interval.
 */

export interface Interval {
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;
/** addBusinessMs gives up after this much calendar time: a calendar with (almost) no open hours has no deadline. */
const SEARCH_HORIZON_MS = 10 * 366 * DAY_MS;
const SEARCH_CHUNK_MS = 28 * DAY_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock of `ms` in `timeZone`, as if it were UTC (so differences are plain arithmetic). */
function wallClockMs(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1_000) * 1_000;
  return wallClockMs(whole, timeZone) - whole;
}

/**
 * The instant a local wall time (given as UTC-like ms) happens in `timeZone`. An ambiguous time
 * (clocks going back) is its first occurrence; a time that does not exist (clocks going forward)
 * moves forward by the gap, as Temporal's "compatible" disambiguation does — a window opening at
 * 02:30 on the day Berlin skips 02:00–03:00 opens at 03:30.
 */
export function localToUtc(wallMs: number, timeZone: string): number {
  const before = offsetAt(wallMs - DAY_MS, timeZone);
  const after = offsetAt(wallMs + DAY_MS, timeZone);
  const candidates = [...new Set([wallMs - before, wallMs - after])].filter((t) => wallClockMs(t, timeZone) === wallMs).sort((a, b) => a - b);
  return candidates[0] ?? wallMs - before;
}

/** Days since 1970-01-01 of the local date of `ms`. */
function localDayNumber(ms: number, timeZone: string): number {
  return Math.floor(wallClockMs(ms, timeZone) / DAY_MS);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
}

/** Open business time within [from, to), merged and in order. */
export function openIntervals(calendar: BusinessCalendar, from: Date, to: Date): Interval[] {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!(toMs > fromMs)) return [];
  const holidays = new Set(calendar.holidays);
  const raw: [number, number][] = [];
  // One local day either side: the UTC range can start or end on a neighbouring local date.
  for (let day = localDayNumber(fromMs, calendar.timeZone) - 1; day <= localDayNumber(toMs, calendar.timeZone) + 1; day++) {
    const dayStart = day * DAY_MS;
    if (holidays.has(new Date(dayStart).toISOString().slice(0, 10))) continue;
    const isoWeekday = ((new Date(dayStart).getUTCDay() + 6) % 7) + 1;
    for (const w of calendar.weekly) {
      if (w.day !== isoWeekday) continue;
      const start = Math.max(fromMs, localToUtc(dayStart + minutesOf(w.start) * 60_000, calendar.timeZone));
      const end = Math.min(toMs, localToUtc(dayStart + minutesOf(w.end) * 60_000, calendar.timeZone));
      if (end > start) raw.push([start, end]);
    }
  }
  raw.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of raw) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged.map(([start, end]) => ({ start: new Date(start), end: new Date(end) }));
}

/** Business milliseconds in [from, to); 0 when `to` is not after `from`. */
export function businessMsBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  return openIntervals(calendar, from, to).reduce((sum, i) => sum + (i.end.getTime() - i.start.getTime()), 0);
}

/**
 * The instant `ms` business milliseconds after `from`: the deadline of a business-hours target.
 * It falls inside (or at the closing instant of) an open window, never in closed time. Null when
 * the calendar does not open that much within ten years (no windows, or everything a holiday).
 */
export function addBusinessMs(calendar: BusinessCalendar, from: Date, ms: number): Date | null {
  if (ms <= 0) return new Date(from.getTime());
  let remaining = ms;
  for (let chunkStart = from.getTime(); chunkStart - from.getTime() < SEARCH_HORIZON_MS; chunkStart += SEARCH_CHUNK_MS) {
    for (const i of openIntervals(calendar, new Date(chunkStart), new Date(chunkStart + SEARCH_CHUNK_MS))) {
      const length = i.end.getTime() - i.start.getTime();
      if (remaining <= length) return new Date(i.start.getTime() + remaining);
      remaining -= length;
    }
  }
  return null;
}
