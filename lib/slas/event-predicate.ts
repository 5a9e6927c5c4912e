import type { EventMatch } from "../workflows/definition-spec";

/** Whether an event of this type from this source system matches. */
export type EventPredicate = (type: string, sourceSystem: string) => boolean;

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join(".*")}$`);
}

export function compileEventMatch(match: EventMatch): EventPredicate {
  const types = new Set(match.types);
  const typePattern = match.typePattern ? globToRegExp(match.typePattern) : null;
  const source = match.sourcePattern ? globToRegExp(match.sourcePattern) : null;
  return (type, sourceSystem) => (types.has(type) || (typePattern?.test(type) ?? false)) && (source?.test(sourceSystem) ?? true);
}

/** The same match as RE2 patterns for ClickHouse `match()` parameters ("" matches anything). */
export function eventMatchPatterns(match: EventMatch): { types: string[]; typePattern: string; sourcePattern: string } {
  const re = (glob: string | undefined) => (glob ? globToRegExp(glob).source : "");
  return { types: match.types, typePattern: re(match.typePattern), sourcePattern: re(match.sourcePattern) };
}
