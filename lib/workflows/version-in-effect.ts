import type { DefinitionVersion } from "./definition-spec";

/**
 * The version of definition `key` that judges an instance triggered at `at`: the latest one
 * effective at or before that instant (a tie goes to the higher version). Null when the
 * definition did not exist yet, or when that version is disabled.
 */
export function versionInEffect<Spec>(versions: readonly DefinitionVersion<Spec>[], key: string, at: Date): DefinitionVersion<Spec> | null {
  let best: DefinitionVersion<Spec> | null = null;
  for (const v of versions) {
    if (v.key !== key || v.effectiveFrom.getTime() > at.getTime()) continue;
    if (!best || v.effectiveFrom.getTime() > best.effectiveFrom.getTime() || (v.effectiveFrom.getTime() === best.effectiveFrom.getTime() && v.version > best.version)) best = v;
  }
  return best?.enabled ? best : null;
}
