/** Display formatting shared by server and client components; pure so SSR and hydration agree. */

const numberFormat = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** The noun for a count: "plant" for 1, "plants" otherwise (0 plants, 2 plants, 1.5 plants). */
export function pluralNoun(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

/** "1 plant", "0 plants", "1,204 events": every count printed with a noun goes through here. */
export function formatCountOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${pluralNoun(n, singular, plural)}`;
}

/** A duration in the unit an operator reads fastest: 840 ms, 4.2 s, 3 min 05 s, 2 h 10 min. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const totalSeconds = Math.round(ms / 1_000);
  if (totalSeconds < 3_600) {
    const m = Math.floor(totalSeconds / 60);
    const s = totalSeconds % 60;
    return `${m} min ${String(s).padStart(2, "0")} s`;
  }
  const totalMinutes = Math.round(ms / 60_000);
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  return h < 24 ? `${h} h ${String(m).padStart(2, "0")} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** "2026-11-24 09:41:07.123 UTC": plants span time zones, so the product speaks UTC everywhere. */
export function formatUtc(iso: string, withMillis = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const s = d.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, withMillis ? 23 : 19)} UTC`;
}

/** "09:41" for chart axes. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 16);
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago" relative to `now`. */
export function formatAgo(iso: string, now: number): string {
  const diff = now - Date.parse(iso);
  if (!Number.isFinite(diff)) return "";
  if (diff < 1_000) return "just now";
  const s = Math.floor(diff / 1_000);
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}
