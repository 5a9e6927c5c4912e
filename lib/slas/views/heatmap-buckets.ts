import { budgetHealth, budgetRemaining, type BudgetHealth } from "../burn-rate";

/**
 * Heatmap cells are coloured by what their attainment leaves of the error budget, not by the raw
 * percentage: 98 % is fine against a 95 % objective and a breach against 99 %. The ramp darkens
 * towards both ends and changes hue in between, so the buckets stay apart in grey scale and for
 * red-green colour blindness, and every cell prints its number and bucket besides.
 */
export const HEALTH_ORDER: readonly BudgetHealth[] = ["exhausted", "unhealthy", "attention", "observe", "healthy", "no_data"];

export const HEALTH_LABELS: Record<BudgetHealth, string> = {
  exhausted: "Budget exhausted",
  unhealthy: "Unhealthy (< 25 % left)",
  attention: "Needs attention (< 50 %)",
  observe: "Observe (< 75 %)",
  healthy: "Healthy (≥ 75 %)",
  no_data: "No decided instances",
};

export const HEALTH_CLASSES: Record<BudgetHealth, string> = {
  exhausted: "bg-red-800 text-white",
  unhealthy: "bg-orange-700 text-white",
  attention: "bg-amber-300 text-amber-950",
  observe: "bg-sky-200 text-sky-950",
  healthy: "bg-blue-800 text-white",
  no_data: "bg-slate-100 text-slate-600",
};

export interface CellHealth {
  attainment: number | null;
  budgetLeft: number | null;
  health: BudgetHealth;
}

/** Attainment, budget left and its bucket for `decided` outcomes of which `met` met their SLA. */
export function cellHealth(decided: number, met: number, objective: number): CellHealth {
  const counts = { total: decided, bad: decided - met };
  const raw = budgetRemaining(counts, objective);
  // 1 - 10 / (0.01 × 1000) is 2e-16 in floating point: exactly spent must read as exhausted.
  const left = raw === null ? null : Math.round(raw * 1e9) / 1e9;
  return { attainment: decided === 0 ? null : met / decided, budgetLeft: left, health: budgetHealth(left) };
}

/** "97.3 %": attainment with one decimal, but never rounded up to 100 % while something breached. */
export function formatAttainment(a: number | null): string {
  if (a === null) return "–";
  const pct = Math.floor(a * 1000) / 10;
  return `${pct.toFixed(1)} %`;
}

/** Budget left as Sumo Logic shows it: overspent budgets go below zero instead of stopping at 0 %. */
export function formatBudget(left: number | null): string {
  if (left === null) return "–";
  return `${Math.round(left * 100)} %`;
}
