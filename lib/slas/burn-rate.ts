/**
 * Error-budget arithmetic for an SLO of "share of instances meeting the end-to-end SLA" — the
 * Google SRE workbook's multiwindow, multi-burn-rate alerting (chapter "Alerting on SLOs").
 */

export interface WindowCounts {
  /** Decided instances in the window. */
  total: number;
  /** Of those, breached. */
  bad: number;
}

/** How fast the budget burns: the observed bad share over the share the objective allows (1 = exactly on budget). */
export function burnRate(counts: WindowCounts, objective: number): number | null {
  if (counts.total === 0) return null;
  return counts.bad / counts.total / (1 - objective);
}

/** Share of the error budget left over a window: 1 untouched, 0 spent, negative overspent; null without data. */
export function budgetRemaining(counts: WindowCounts, objective: number): number | null {
  if (counts.total === 0) return null;
  return 1 - counts.bad / ((1 - objective) * counts.total);
}

export function attainment(counts: WindowCounts): number | null {
  return counts.total === 0 ? null : (counts.total - counts.bad) / counts.total;
}

/** The two alerting policies of the workbook: 2 % of a 30-day budget in 1 h, 5 % in 6 h. */
export const BURN_POLICIES = [
  { severity: "critical", factor: 14.4, long: "1h", short: "5m" },
  { severity: "warning", factor: 6, long: "6h", short: "30m" },
] as const;
export type BurnWindow = "5m" | "30m" | "1h" | "6h";
export const BURN_WINDOW_MS: Record<BurnWindow, number> = { "5m": 300_000, "30m": 1_800_000, "1h": 3_600_000, "6h": 21_600_000 };

/** Decided and breached instances of one workflow at one plant in each burn-rate window. */
export interface BurnCounts {
  workflow: string;
  plant: string;
  windows: Record<BurnWindow, WindowCounts>;
}

/** Decided and breached instances of one workflow at one plant per trailing window of whole UTC days (today included). */
export interface AttainmentCounts {
  workflow: string;
  plant: string;
  windows: Record<`${number}d`, WindowCounts>;
}

export interface BurnState {
  severity: "critical" | "warning";
  factor: number;
  long: BurnWindow;
  short: BurnWindow;
  longRate: number;
  shortRate: number;
}

/**
 * The policies firing now. Both windows must burn faster than the factor: the long one proves the
 * burn is significant, the short one that it is still going on, so the alert resets soon after
 * the burn stops instead of staying up for the whole long window.
 */
export function burnStates(windows: Record<BurnWindow, WindowCounts>, objective: number): BurnState[] {
  return BURN_POLICIES.flatMap((p) => {
    const longRate = burnRate(windows[p.long], objective);
    const shortRate = burnRate(windows[p.short], objective);
    if (longRate === null || shortRate === null || longRate <= p.factor || shortRate <= p.factor) return [];
    return [{ severity: p.severity, factor: p.factor, long: p.long, short: p.short, longRate, shortRate }];
  });
}

export type BudgetHealth = "no_data" | "exhausted" | "unhealthy" | "attention" | "observe" | "healthy";

/** Health buckets of the remaining budget (Harness SRM's: exhausted, <25 %, <50 %, <75 %, above). */
export function budgetHealth(remaining: number | null): BudgetHealth {
  if (remaining === null) return "no_data";
  if (remaining <= 0) return "exhausted";
  if (remaining < 0.25) return "unhealthy";
  if (remaining < 0.5) return "attention";
  if (remaining < 0.75) return "observe";
  return "healthy";
}
