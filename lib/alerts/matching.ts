import { severityAtLeast, type AlertRule } from "./rule-spec";
import type { AlertSignal } from "./signal";
import { silenceState, type AlertSilence } from "./silence-spec";

/** Whether an enabled rule covers the signal: null and empty matchers match any. */
export function ruleMatches(rule: Pick<AlertRule, "enabled" | "definition" | "plant" | "kinds" | "minSeverity">, signal: Pick<AlertSignal, "definition" | "plant" | "kind" | "severity">): boolean {
  if (!rule.enabled) return false;
  if (rule.definition !== null && rule.definition !== signal.definition) return false;
  if (rule.plant !== null && rule.plant !== signal.plant) return false;
  if (rule.kinds.length > 0 && !rule.kinds.includes(signal.kind)) return false;
  return severityAtLeast(signal.severity, rule.minSeverity);
}

/** Whether the silence's matchers cover the signal (regardless of time). */
export function silenceMatches(silence: Pick<AlertSilence, "definition" | "plant" | "kind" | "signalId">, signal: Pick<AlertSignal, "id" | "definition" | "plant" | "kind">): boolean {
  return (
    (silence.definition === null || silence.definition === signal.definition) &&
    (silence.plant === null || silence.plant === signal.plant) &&
    (silence.kind === null || silence.kind === signal.kind) &&
    (silence.signalId === null || silence.signalId === signal.id)
  );
}

/** The first silence muting the signal at `now`, if any: active (startsAt ≤ now < endsAt) and matching. */
export function activeSilenceFor<S extends AlertSilence>(silences: readonly S[], signal: AlertSignal, now: Date): S | undefined {
  return silences.find((s) => silenceState(s, now) === "active" && silenceMatches(s, signal));
}
