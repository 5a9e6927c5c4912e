import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { GENEALOGY_MAX_DEPTH, walkGenealogyFrom } from "../genealogy/trace-genealogy";
import { getGenealogyEdges } from "../queries/get-genealogy-edges";
import { getLotStates, type LotStateEntry } from "../queries/get-lot-states";
import { bySeverity, isHeldOrRejected, summariseLotStates, type LotSetSummary, type LotState } from "./lot-state";

/** A backward walk past this many lots stops: the warning then says "at least". */
export const UPSTREAM_MAX_LOTS = 10_000;

export interface UpstreamLot {
  lotId: string;
  /** Links from the nearest root; 0 for a root counted as an input (an order's consumed lot). */
  depth: number;
  state: LotState;
}

export interface UpstreamImpact {
  /** The lots counted as inputs within the actor's scope. */
  summary: LotSetSummary;
  /** The held or rejected ones, worst first, then nearest. */
  flagged: UpstreamLot[];
  /** Inputs at plants outside the actor's scope: counted apart, their status not shown. */
  restricted: number;
  truncated: boolean;
  /** Standing of every lot read: the inputs, the roots and `also` (what the page lists besides). */
  states: Map<string, LotStateEntry>;
}

/**
 * What `roots` are made from, all the way back (backward genealogy, one read per level by the
 * edge table's key), and how bad it is: every input lot's standing from one batched read. The
 * roots themselves count as inputs only with `rootsAreInputs` (an order's consumed lots do; a
 * lot's page shows its own standing apart).
 */
export async function getUpstreamImpact(
  ch: ClickHouseClient,
  plants: readonly string[] | null,
  roots: readonly string[],
  options: { rootsAreInputs: boolean; also?: readonly string[] },
): Promise<UpstreamImpact> {
  const walk = roots.length === 0 ? { depths: new Map<string, number>(), truncated: false } : await walkGenealogyFrom((direction, lots) => getGenealogyEdges(ch, direction, lots), roots, "backward", GENEALOGY_MAX_DEPTH, UPSTREAM_MAX_LOTS);
  const rootSet = new Set(roots);
  const inputs = [...walk.depths].filter(([lot]) => options.rootsAreInputs || !rootSet.has(lot)).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  const states = await getLotStates(ch, [...walk.depths.keys(), ...(options.also ?? [])], plants);
  const visible: UpstreamLot[] = [];
  let restricted = 0;
  for (const [lotId, depth] of inputs) {
    const entry = states.get(lotId)!;
    if (entry.restricted) restricted++;
    else visible.push({ lotId, depth, state: entry.state });
  }
  return {
    summary: summariseLotStates(visible.map((l) => l.state)),
    flagged: bySeverity(visible.filter((l) => isHeldOrRejected(l.state))),
    restricted,
    truncated: walk.truncated,
    states,
  };
}
