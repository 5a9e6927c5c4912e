import type { NonEventSpec } from "../workflows/definition-spec";
import { breachId, type BreachRecord } from "./breaches";

export type VolumeSpec = Extract<NonEventSpec, { kind: "volume" }>;

/** The last window that has fully passed: windows are aligned to multiples of their length since the epoch (UTC). */
export function lastCompleteWindow(windowMs: number, now: number): { start: number; end: number } {
  const end = Math.floor(now / windowMs) * windowMs;
  return { start: end - windowMs, end };
}

export interface VolumeVerdict {
  plant: string;
  count: number;
  violation: "too_few" | "too_many" | null;
}

/** Judges each plant's count; a plant that sent nothing has count 0 — which is the point of a non-event. */
export function judgeVolume(spec: VolumeSpec, plants: readonly string[], counts: ReadonlyMap<string, number>): VolumeVerdict[] {
  const scope = spec.plants.length > 0 ? spec.plants : plants;
  return scope.map((plant) => {
    const count = counts.get(plant) ?? 0;
    const violation = spec.min !== undefined && count < spec.min ? "too_few" : spec.max !== undefined && count > spec.max ? "too_many" : null;
    return { plant, count, violation };
  });
}

/**
 * Breach transitions for one definition: a violation with no open breach opens one (its id
 * names the first bad window, so consecutive bad windows are one condition); an open breach
 * whose plant is back within bounds closes at the end of the good window.
 */
export function volumeTransitions(
  spec: VolumeSpec,
  window: { start: number; end: number },
  verdicts: readonly VolumeVerdict[],
  open: ReadonlyMap<string, BreachRecord>,
): BreachRecord[] {
  const out: BreachRecord[] = [];
  for (const v of verdicts) {
    const current = open.get(v.plant);
    if (v.violation && !current) {
      const bound = v.violation === "too_few" ? `fewer than ${spec.min}` : `more than ${spec.max}`;
      out.push({
        breachId: breachId("volume", [spec.key, v.plant, String(window.start)]),
        kind: "volume",
        severity: "warning",
        definition: spec.key,
        plant: v.plant,
        stage: "",
        correlationId: "",
        startedAt: window.start,
        endedAt: null,
        overByMs: 0,
        status: "open",
        summary: `${spec.name} at ${v.plant}: ${v.count} in ${Math.round(spec.windowMs / 60_000)} min, ${bound} expected`,
        labels: { violation: v.violation, count: String(v.count), window_start: new Date(window.start).toISOString() },
      });
    } else if (!v.violation && current) {
      out.push({ ...current, status: "closed", endedAt: window.end, overByMs: window.end - current.startedAt });
    }
  }
  return out;
}
