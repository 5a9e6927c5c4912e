import type { EventMatch } from "../workflows/definition-spec";

/** Whether an event of this type from this source system matches. */
export type EventPredicate = (type: string, sourceSystem: string) => boolean;

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join(".*")}$`);
}

/** Distinct (type, source) pairs remembered per predicate; an estate has dozens, a hostile one is capped. */
const MEMO_LIMIT = 10_000;

/**
 * The evaluator asks every predicate about every instance's few type/source pairs, millions of
 * times per catch-up; the answers are memoised per pair instead of re-running the patterns.
 */
export function compileEventMatch(match: EventMatch): EventPredicate {
  const types = new Set(match.types);
  const typePattern = match.typePattern ? globToRegExp(match.typePattern) : null;
  const source = match.sourcePattern ? globToRegExp(match.sourcePattern) : null;
  const memo = new Map<string, boolean>();
  return (type, sourceSystem) => {
    const key = `${type} ${sourceSystem}`;
    let hit = memo.get(key);
    if (hit === undefined) {
      hit = (types.has(type) || (typePattern?.test(type) ?? false)) && (source?.test(sourceSystem) ?? true);
      if (memo.size < MEMO_LIMIT) memo.set(key, hit);
    }
    return hit;
  };
}

/** The same match as RE2 patterns for ClickHouse `match()` parameters ("" matches anything). */
export function eventMatchPatterns(match: EventMatch): { types: string[]; typePattern: string; sourcePattern: string } {
  const re = (glob: string | undefined) => (glob ? globToRegExp(glob).source : "");
  return { types: match.types, typePattern: re(match.typePattern), sourcePattern: re(match.sourcePattern) };
}
