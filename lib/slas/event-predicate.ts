import type { EventMatch } from "../workflows/definition-spec";
import { compileEventMatch } from "../workflows/event-match";

/** Whether an event of this type from this source system matches. */
export type EventPredicate = (type: string, sourceSystem: string) => boolean;

/** Distinct (type, source) pairs remembered per predicate; an estate has dozens, a hostile one is capped. */
const MEMO_LIMIT = 10_000;

/**
 * The evaluator asks every predicate about every instance's few type/source pairs, millions of
 * times per catch-up; the answers of the compiled match are memoised per pair instead of
 * re-running the regular expressions.
 */
export function memoisedEventMatch(match: EventMatch): EventPredicate {
  const compiled = compileEventMatch(match);
  const memo = new Map<string, boolean>();
  return (type, sourceSystem) => {
    const key = `${type} ${sourceSystem}`;
    let hit = memo.get(key);
    if (hit === undefined) {
      hit = compiled.test({ type, sourceSystem });
      if (memo.size < MEMO_LIMIT) memo.set(key, hit);
    }
    return hit;
  };
}

/** The same match as RE2 patterns for ClickHouse `match()` parameters (a source pattern of "" matches anything). */
export function eventMatchPatterns(match: EventMatch): { typePattern: string; sourcePattern: string } {
  const compiled = compileEventMatch(match);
  return { typePattern: compiled.typeRegex, sourcePattern: compiled.sourceRegex ?? "" };
}
