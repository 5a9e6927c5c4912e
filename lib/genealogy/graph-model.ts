import type { GenealogyEdge } from "./trace-genealogy";

/** The client's genealogy: the answer of the genealogy API (lib/genealogy/genealogy-view.ts). A type, not an interface: React Flow wants node data indexable. */
export type GraphNode = {
  lotId: string;
  depth: number;
  item: string;
  plant: string;
  /** The status that matters most: a block in any system, else the newest word. */
  status: string;
  held: boolean;
  divergent: boolean;
  kind: "lot" | "shipment" | "supplier_lot";
  quantity: number;
  uom: string;
  supplier: string;
  supplierLot: string;
  customer: string;
  /** The lot belongs to a plant outside the actor's scope: its id shows, its details do not. */
  restricted: boolean;
  /** Links beyond the depth read exist or may exist: the graph can expand here. */
  expandable: boolean;
};

export interface GraphData {
  root: string;
  direction: "backward" | "forward";
  depth: number;
  nodes: GraphNode[];
  edges: GenealogyEdge[];
  truncated: boolean;
}

/** Adds the genealogy read from `at` (an expanded node) to the graph: depths continue from it, nothing repeats. */
export function mergeExpansion(base: GraphData, at: string, expansion: GraphData): GraphData {
  const offset = base.nodes.find((n) => n.lotId === at)?.depth ?? 0;
  const known = new Map(base.nodes.map((n) => [n.lotId, n]));
  const nodes = base.nodes.map((n) => (n.lotId === at ? { ...n, expandable: false } : n));
  for (const n of expansion.nodes) {
    if (n.lotId === at) continue;
    if (!known.has(n.lotId)) nodes.push({ ...n, depth: n.depth + offset });
  }
  const edgeKeys = new Set(base.edges.map((e) => `${e.from}>${e.to}`));
  const edges = [...base.edges, ...expansion.edges.filter((e) => !edgeKeys.has(`${e.from}>${e.to}`))];
  return { ...base, nodes, edges, truncated: base.truncated || expansion.truncated };
}

export interface Placed {
  lotId: string;
  x: number;
  y: number;
}

/** Above this many lots the graph shows the ones nearest the root; the table and CSV hold them all. */
export const GRAPH_NODE_LIMIT = 400;

export const COLUMN_WIDTH = 260;
export const ROW_HEIGHT = 72;

/**
 * Layered layout: one column per depth (backward to the left of the root, forward to the right),
 * each column ordered by the mean row of the lots it links to in the column before, so lines cross
 * less. Deterministic: the same graph always draws the same way.
 */
export function layoutGraph(graph: Pick<GraphData, "nodes" | "edges" | "direction">): Map<string, Placed> {
  const sign = graph.direction === "forward" ? 1 : -1;
  const byDepth = new Map<number, string[]>();
  for (const n of [...graph.nodes].sort((a, b) => a.lotId.localeCompare(b.lotId))) byDepth.set(n.depth, [...(byDepth.get(n.depth) ?? []), n.lotId]);
  const neighbours = new Map<string, string[]>();
  for (const e of graph.edges) {
    // The neighbour one column nearer the root: the parent going forward, the child going backward.
    const [near, far] = graph.direction === "forward" ? [e.from, e.to] : [e.to, e.from];
    neighbours.set(far, [...(neighbours.get(far) ?? []), near]);
  }
  const row = new Map<string, number>();
  const placed = new Map<string, Placed>();
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    const lots = byDepth.get(depth)!;
    const weight = (lot: string) => {
      const rows = (neighbours.get(lot) ?? []).map((n) => row.get(n)).filter((r): r is number => r !== undefined);
      return rows.length === 0 ? Number.POSITIVE_INFINITY : rows.reduce((s, r) => s + r, 0) / rows.length;
    };
    const ordered = depth === 0 ? lots : [...lots].sort((a, b) => weight(a) - weight(b) || a.localeCompare(b));
    ordered.forEach((lot, i) => {
      const r = i - (ordered.length - 1) / 2;
      row.set(lot, r);
      placed.set(lot, { lotId: lot, x: depth === 0 ? 0 : sign * depth * COLUMN_WIDTH, y: r * ROW_HEIGHT + 0 });
    });
  }
  return placed;
}
