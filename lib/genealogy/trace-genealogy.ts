import { z } from "zod";

export type Direction = "backward" | "forward";

/** One genealogy link: material of lot `from` went into lot (or shipment) `to`. */
export interface GenealogyEdge {
  from: string;
  to: string;
  operation: string;
  orderId: string;
  quantity: number;
  uom: string;
  time: string;
}

export interface GenealogyWalk {
  root: string;
  direction: Direction;
  /** Every lot reached, with the fewest links from the root. */
  depths: Map<string, number>;
  edges: GenealogyEdge[];
  /** Lots at the last depth read that have links beyond it: where the graph can expand. */
  frontier: string[];
  truncated: boolean;
}

export const GENEALOGY_MAX_DEPTH = 25;
export const GENEALOGY_MAX_LOTS = 50_000;

export const genealogyParamsSchema = z.object({
  direction: z.enum(["backward", "forward"]).default("backward"),
  depth: z.coerce.number().int().min(1).max(GENEALOGY_MAX_DEPTH).default(10),
});

/** Reads the links of a set of lots one level away, in the given direction. */
export type EdgeReader = (direction: Direction, lots: readonly string[]) => Promise<GenealogyEdge[]>;

/**
 * Breadth-first walk of the lot graph, one read per level so each read hits the edge table's
 * primary key (shared/MEASURED.md: recursion must filter by the current frontier). Cycles
 * (rework back into an earlier lot) end at lots already seen; `maxLots` bounds a runaway graph.
 */
export async function walkGenealogy(read: EdgeReader, root: string, direction: Direction, maxDepth: number, maxLots = GENEALOGY_MAX_LOTS): Promise<GenealogyWalk> {
  return { root, direction, ...(await walkGenealogyFrom(read, [root], direction, maxDepth, maxLots)) };
}

/** The same walk from several lots at once (an order's input lots): each starts at depth 0. */
export async function walkGenealogyFrom(read: EdgeReader, roots: readonly string[], direction: Direction, maxDepth: number, maxLots = GENEALOGY_MAX_LOTS): Promise<Omit<GenealogyWalk, "root" | "direction">> {
  const depths = new Map<string, number>(roots.map((r) => [r, 0]));
  const edges: GenealogyEdge[] = [];
  const seenEdges = new Set<string>();
  let frontier = [...depths.keys()];
  let truncated = false;
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const edge of await read(direction, frontier)) {
      const key = `${edge.from}>${edge.to}`;
      if (seenEdges.has(key)) continue;
      seenEdges.add(key);
      const reached = direction === "forward" ? edge.to : edge.from;
      if (!depths.has(reached)) {
        if (depths.size >= maxLots) {
          truncated = true;
          continue;
        }
        depths.set(reached, depth);
        next.push(reached);
      }
      edges.push(edge);
    }
    frontier = next;
  }
  // One more read tells which lots at the depth limit lead further, so the graph offers to expand only those.
  const beyond = frontier.length > 0 ? await read(direction, frontier) : [];
  const leadFurther = new Set(beyond.map((e) => (direction === "forward" ? e.from : e.to)));
  return { depths, edges, frontier: frontier.filter((lot) => leadFurther.has(lot)), truncated };
}
