import { breachId, type BreachRecord } from "./breaches";
import { burnStates, type BurnWindow, type WindowCounts } from "./burn-rate";

/**
 * Burn-rate breach transitions for one workflow at one plant. An episode opens when a policy
 * starts firing (its id names the cycle it began in, so the next episode is a new exception)
 * and closes on the first cycle the policy no longer fires.
 */
export function burnTransitions(
  input: { workflow: string; name: string; plant: string; objective: number; windows: Record<BurnWindow, WindowCounts> | null },
  open: readonly BreachRecord[],
  now: number,
): BreachRecord[] {
  const firing = input.windows ? burnStates(input.windows, input.objective) : [];
  const out: BreachRecord[] = [];
  for (const state of firing) {
    if (open.some((b) => b.severity === state.severity)) continue;
    out.push({
      breachId: breachId("burn_rate", [input.workflow, input.plant, state.severity, String(now)]),
      kind: "burn_rate",
      severity: state.severity,
      definition: input.workflow,
      plant: input.plant,
      stage: "",
      correlationId: "",
      startedAt: now,
      endedAt: null,
      overByMs: 0,
      status: "open",
      summary: `${input.name} at ${input.plant || "no plant"}: error budget burning ${state.longRate.toFixed(1)}× over ${state.long} and ${state.shortRate.toFixed(1)}× over ${state.short} (alert above ${state.factor}×)`,
      labels: { burn_long: state.long, burn_short: state.short, burn_rate_long: state.longRate.toFixed(2), burn_rate_short: state.shortRate.toFixed(2), objective: String(input.objective) },
    });
  }
  for (const b of open) {
    if (!firing.some((s) => s.severity === b.severity)) out.push({ ...b, status: "closed", endedAt: now, overByMs: now - b.startedAt });
  }
  return out;
}
