import type { EventMatch } from "./definition-spec";

/**
 * An EventMatch (exact types and/or a `*` glob on the type, optionally a `*` glob on the
 * source system) compiled once: a predicate for JavaScript, and anchored regular expressions the
 * SLA engine passes to ClickHouse's `match()` as `{re:String}` parameters. ClickHouse uses RE2,
 * so the expressions stay within RE2's syntax (no look-around, no back-references).
 */
export interface CompiledEventMatch {
  /** The exact types listed, for an `IN {types:Array(String)}` pre-filter. */
  types: readonly string[];
  /** Anchored; matches a type that is listed or fits the type pattern. */
  typeRegex: string;
  /** Anchored, or null when any source system matches. */
  sourceRegex: string | null;
  test(event: MatchableEvent): boolean;
}

export interface MatchableEvent {
  type: string;
  /** The `source_system` column; events without one match only a match without a source pattern. */
  sourceSystem?: string | null;
}

const REGEX_META = /[\\^$.|?*+()[\]{}]/g;

/** A glob body (unanchored) where `*` is any run of characters and everything else is literal. */
export function globToRegexBody(glob: string): string {
  return glob
    .split("*")
    .map((literal) => literal.replace(REGEX_META, "\\$&"))
    .join(".*");
}

/** An anchored regex for one glob, e.g. `mfg.inspection.*` → `^mfg\.inspection\..*$`. */
export function globToRegex(glob: string): string {
  return `^${globToRegexBody(glob)}$`;
}

export function compileEventMatch(match: EventMatch): CompiledEventMatch {
  const alternatives = [...match.types.map((t) => t.replace(REGEX_META, "\\$&")), ...(match.typePattern !== undefined ? [globToRegexBody(match.typePattern)] : [])];
  const typeRegex = `^(?:${alternatives.join("|")})$`;
  const sourceRegex = match.sourcePattern !== undefined ? globToRegex(match.sourcePattern) : null;
  const typeRe = new RegExp(typeRegex);
  const sourceRe = sourceRegex === null ? null : new RegExp(sourceRegex);
  const types = [...match.types];
  return {
    types,
    typeRegex,
    sourceRegex,
    test(event) {
      if (!typeRe.test(event.type)) return false;
      if (sourceRe === null) return true;
      return typeof event.sourceSystem === "string" && sourceRe.test(event.sourceSystem);
    },
  };
}
