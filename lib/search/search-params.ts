import { z } from "zod";
import { keyString, SOURCE_SYSTEMS } from "../events/contract";
import { parseTimeRange, rangeQuery, type TimeRange } from "../ui/time-range";

/**
 * The search's vocabulary as the URL, the API and the filter controls in the browser take it:
 * `q`, `in=ids|errors`, `kind`, `status`, `plant`, `system` (comma lists), `range` or `from`/`to`
 * (lib/ui/time-range.ts; absent means any time) and `limit`.
 */
export const searchQuerySchema = z
  .string()
  .trim()
  .min(2, "type at least 2 characters")
  .max(200, "at most 200 characters")
  .regex(/^[\x21-\x7e]+$/, "ids are printable ASCII without spaces");

/** Words of an error message: any text of a line, spaces included. */
export const errorTextSchema = z
  .string()
  .trim()
  .min(2, "type at least 2 characters")
  .max(200, "at most 200 characters")
  .regex(/^[^\p{Cc}]+$/u, "no control characters");

export const SEARCH_KINDS = ["lot", "shipment", "order", "correlation", "message", "trace", "supplier_lot"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * `held`, `rejected`, `divergent`: a lot's standing now (lib/lots/lot-state.ts); `failed` and
 * `dead_lettered`: a failed or dead-lettered event within the failure window names the id
 * (in error text, the event's own status).
 */
export const SEARCH_STATUSES = ["held", "rejected", "divergent", "failed", "dead_lettered"] as const;
export type SearchStatus = (typeof SEARCH_STATUSES)[number];
export const LOT_STANDING_STATUSES = ["held", "rejected", "divergent"] as const satisfies readonly SearchStatus[];
export type LotStandingStatus = (typeof LOT_STANDING_STATUSES)[number];
export const isLotStandingStatus = (s: SearchStatus): s is LotStandingStatus => (LOT_STANDING_STATUSES as readonly string[]).includes(s);

export const SEARCH_SCOPES = ["ids", "errors"] as const;
export type SearchScope = (typeof SEARCH_SCOPES)[number];

export const SEARCH_PAGE_SIZE = 25;
export const SEARCH_MAX_LIMIT = 500;
/** Without a chosen range, error text and the failure filters look this far back: failures are only read time-bounded. */
export const FAILURE_WINDOW_PRESET = "24h" as const;

const list = <T extends z.ZodType<string, string>>(item: T, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => [...new Set((v ?? "").split(",").map((k) => k.trim()).filter((k) => k !== ""))])
    .pipe(z.array(item).max(max));

/** `kind=lot,order`: the kinds a search is narrowed to; empty or absent means every kind. */
export const searchKindsSchema = list(z.enum(SEARCH_KINDS, { error: `kinds are ${SEARCH_KINDS.join(", ")}` }), SEARCH_KINDS.length);

const filtersSchema = z.object({
  in: z.enum(SEARCH_SCOPES, { error: `in is ${SEARCH_SCOPES.join(" or ")}` }).optional(),
  kind: searchKindsSchema,
  status: list(z.enum(SEARCH_STATUSES, { error: `statuses are ${SEARCH_STATUSES.join(", ")}` }), SEARCH_STATUSES.length),
  plant: list(keyString, 100),
  system: list(z.enum(SOURCE_SYSTEMS, { error: `systems are ${SOURCE_SYSTEMS.join(", ")}` }), SOURCE_SYSTEMS.length),
  limit: z.coerce.number().int().min(1).max(SEARCH_MAX_LIMIT).default(SEARCH_PAGE_SIZE),
});

export interface SearchRequest {
  q: string;
  scope: SearchScope;
  kinds: SearchKind[];
  statuses: SearchStatus[];
  plants: string[];
  systems: string[];
  limit: number;
  /** The chosen time range; null is any time. */
  range: TimeRange | null;
  /** Where failures are looked for: the chosen range, else the last 24 hours. */
  failureWindow: TimeRange;
}

type Params = Record<string, string | string[] | undefined> | URLSearchParams;
const get = (params: Params, name: string) => {
  const v = params instanceof URLSearchParams ? (params.get(name) ?? undefined) : params[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The search a URL asks for, or the first problem with it (an API answers it with a 400, the page shows it). */
export function parseSearchRequest(params: Params, now: number): { ok: true; request: SearchRequest } | { ok: false; problem: string } {
  const f = filtersSchema.safeParse({ in: get(params, "in"), kind: get(params, "kind"), status: get(params, "status"), plant: get(params, "plant"), system: get(params, "system"), limit: get(params, "limit") });
  if (!f.success) {
    const issue = f.error.issues[0];
    return { ok: false, problem: `${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}` };
  }
  const raw = get(params, "q") ?? "";
  const asId = searchQuerySchema.safeParse(raw);
  // Text with spaces cannot be an id: unless the URL says where to look, it is looked for in error messages.
  const scope = f.data.in ?? (asId.success || !errorTextSchema.safeParse(raw).success ? "ids" : "errors");
  const q = scope === "ids" ? asId : errorTextSchema.safeParse(raw);
  if (!q.success) return { ok: false, problem: `q: ${q.error.issues[0]?.message ?? "invalid"}` };
  const chosen = ["range", "from", "to"].some((k) => get(params, k) !== undefined);
  const range = chosen ? parseTimeRange(params, now) : null;
  return {
    ok: true,
    request: {
      q: q.data,
      scope,
      kinds: f.data.kind,
      statuses: f.data.status,
      plants: f.data.plant,
      systems: f.data.system,
      limit: f.data.limit,
      range,
      failureWindow: range ?? parseTimeRange({ range: FAILURE_WINDOW_PRESET }, now),
    },
  };
}

/** The query string of a search, for links that change one part of it (a filter, "show more"). */
export function searchHref(r: Pick<SearchRequest, "q" | "scope" | "kinds" | "statuses" | "plants" | "systems" | "limit"> & { range: Pick<TimeRange, "key" | "from" | "to"> | null }): string {
  const p = new URLSearchParams({ q: r.q });
  if (r.scope === "errors") p.set("in", "errors");
  if (r.kinds.length > 0) p.set("kind", r.kinds.join(","));
  if (r.statuses.length > 0) p.set("status", r.statuses.join(","));
  if (r.plants.length > 0) p.set("plant", r.plants.join(","));
  if (r.systems.length > 0) p.set("system", r.systems.join(","));
  if (r.range) for (const [k, v] of Object.entries(rangeQuery(r.range))) p.set(k, v);
  if (r.limit !== SEARCH_PAGE_SIZE) p.set("limit", String(r.limit));
  return `/search?${p.toString()}`;
}
