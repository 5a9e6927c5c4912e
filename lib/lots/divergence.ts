/**
 * Cross-system consistency of one lot. Each system speaks its own status words; what matters is
 * whether it lets the lot be used. A status is `blocked` (hold, rejected), `released`
 * (unrestricted, released, approved) or neutral (received, moved, consumed, in inspection…: says
 * nothing about quality). ERP keeps the stock: a lot it received or posted is usable there until
 * it blocks it, so its receipt words count as released. A system's position is its latest non-neutral status;
 * the lot is divergent while one system blocks it and another releases it.
 */
export type QualityPosition = "blocked" | "released";

/** Exported so a query can pick positional statuses out in ClickHouse with the same words. */
export const BLOCKED_WORDS = ["blocked", "rejected", "hold", "on hold", "quality hold", "scrapped"] as const;
export const RELEASED_WORDS = ["released", "unrestricted", "approved"] as const;
const BLOCKED = new Set<string>(BLOCKED_WORDS);
const RELEASED = new Set<string>(RELEASED_WORDS);

export const STOCK_SYSTEM = "ERP";
// A goods receipt ("received", "posted") puts the lot into ERP stock; other ERP words are about other objects.
export const STOCK_RECEIPT_WORDS = ["received", "posted"] as const;
const STOCK_RECEIPTS = new Set<string>(STOCK_RECEIPT_WORDS);

export function positionOf(status: string, system = ""): QualityPosition | null {
  const s = status.toLowerCase();
  if (BLOCKED.has(s)) return "blocked";
  if (RELEASED.has(s)) return "released";
  return system === STOCK_SYSTEM && STOCK_RECEIPTS.has(s) ? "released" : null;
}

export interface StatusChange {
  system: string;
  status: string;
  time: string;
}

export interface SystemStatus {
  status: string;
  since: string;
  position: QualityPosition | null;
}

export interface Divergence {
  divergent: boolean;
  /** When the current disagreement began; null when the systems agree. */
  since: string | null;
  durationMs: number;
  blockedIn: string[];
  releasedIn: string[];
}

/** The latest status of each system, from a lot's history in time order. */
export function latestBySystem(history: readonly StatusChange[]): Record<string, SystemStatus> {
  const out: Record<string, SystemStatus> = {};
  for (const h of history) {
    const prev = out[h.system];
    // A repeated word keeps its first time: "blocked since 08:00", not since the last echo.
    out[h.system] = prev && prev.status === h.status ? prev : { status: h.status, since: h.time, position: positionOf(h.status, h.system) };
  }
  return out;
}

function split(positions: Map<string, QualityPosition>) {
  const blockedIn = [...positions].filter(([, p]) => p === "blocked").map(([s]) => s).sort();
  const releasedIn = [...positions].filter(([, p]) => p === "released").map(([s]) => s).sort();
  return { blockedIn, releasedIn, divergent: blockedIn.length > 0 && releasedIn.length > 0 };
}

/** Replays the history to find whether the systems disagree now and since when. */
export function divergenceOf(history: readonly StatusChange[], now: number): Divergence {
  const positions = new Map<string, QualityPosition>();
  let since: string | null = null;
  for (const h of history) {
    const p = positionOf(h.status, h.system);
    if (p === null) continue;
    positions.set(h.system, p);
    const { divergent } = split(positions);
    if (divergent && since === null) since = h.time;
    if (!divergent) since = null;
  }
  const { blockedIn, releasedIn, divergent } = split(positions);
  return { divergent, since, durationMs: since ? Math.max(0, now - Date.parse(since)) : 0, blockedIn, releasedIn };
}
