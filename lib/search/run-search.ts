import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import type { LotState } from "../lots/lot-state";
import { getLotStates } from "../queries/get-lot-states";
import { searchErrors, type ErrorHit } from "../queries/search-errors";
import { searchIdPage, type SearchResult } from "../queries/search-ids";
import type { SearchRequest } from "./search-params";

/** A lot's standing beside a hit; absent for hits that are no lot, or a lot outside the caller's plants. */
export type WithLotState<T> = T & { lotState?: LotState };

export type SearchAnswer =
  | { scope: "ids"; results: WithLotState<SearchResult>[]; total: number; more: boolean }
  | { scope: "errors"; results: WithLotState<ErrorHit>[]; total: number; more: boolean; window: { from: string; to: string } };

const LOT_KINDS = new Set(["lot", "shipment", "supplier_lot"]);

/**
 * A search as the page and the API run it: ids by prefix or error text of failures, filtered,
 * one page long, with the standing of every lot among the hits from one batched read.
 */
export async function runSearch(ch: ClickHouseClient, request: SearchRequest, plants: string[] | null): Promise<SearchAnswer> {
  if (request.scope === "ids") {
    const page = await searchIdPage(ch, request.q, plants, { kinds: request.kinds, statuses: request.statuses, plants: request.plants, systems: request.systems, range: request.range, failureWindow: request.failureWindow }, request.limit);
    const lotOf = (r: SearchResult) => (LOT_KINDS.has(r.kind) ? r.target : "");
    const states = await getLotStates(ch, page.results.map(lotOf).filter(Boolean), plants);
    const results = page.results.map((r) => {
      const entry = states.get(lotOf(r));
      return entry && !entry.restricted ? { ...r, lotState: entry.state } : r;
    });
    return { scope: "ids", ...page, results };
  }
  const window = request.failureWindow;
  const page = await searchErrors(ch, request.q, plants, { statuses: request.statuses, plants: request.plants, systems: request.systems, window }, request.limit);
  const states = await getLotStates(ch, page.results.map((r) => r.lotId).filter(Boolean), plants);
  const results = page.results.map((r) => {
    const entry = states.get(r.lotId);
    return entry && !entry.restricted ? { ...r, lotState: entry.state } : r;
  });
  return { scope: "errors", ...page, results, window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() } };
}
