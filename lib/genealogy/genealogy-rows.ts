import type { GraphData } from "./graph-model";

/** One lot of a genealogy as a flat row: the lot and the link that reached it from the root side. */
export interface GenealogyRow {
  depth: number;
  lotId: string;
  kind: string;
  item: string;
  plant: string;
  status: string;
  held: boolean;
  divergent: boolean;
  linkedTo: string;
  operation: string;
  orderId: string;
  quantity: number;
  uom: string;
  time: string;
  supplier: string;
  supplierLot: string;
  customer: string;
}

export const GENEALOGY_CSV_COLUMNS: readonly (keyof GenealogyRow)[] = [
  "depth", "lotId", "kind", "item", "plant", "status", "held", "linkedTo", "operation", "orderId", "quantity", "uom", "time", "supplier", "supplierLot", "customer",
];

/**
 * The table (and CSV) form of a genealogy: a lot linked several ways (a merge) gets a row per link,
 * so a recall list shows every path; the root has one row without a link.
 */
export function genealogyRows(graph: GraphData): GenealogyRow[] {
  const forward = graph.direction === "forward";
  const depthOf = new Map(graph.nodes.map((n) => [n.lotId, n.depth]));
  const rows: GenealogyRow[] = [];
  for (const n of [...graph.nodes].sort((a, b) => a.depth - b.depth || a.lotId.localeCompare(b.lotId))) {
    const base = { depth: n.depth, lotId: n.lotId, kind: n.kind, item: n.item, plant: n.plant, status: n.status, held: n.held, divergent: n.divergent, supplier: n.supplier, supplierLot: n.supplierLot, customer: n.customer };
    // The links that reach this lot from one level nearer the root.
    const links = graph.edges.filter((e) => (forward ? e.to === n.lotId && depthOf.get(e.from) === n.depth - 1 : e.from === n.lotId && depthOf.get(e.to) === n.depth - 1));
    if (links.length === 0) rows.push({ ...base, linkedTo: "", operation: "", orderId: "", quantity: n.quantity, uom: n.uom, time: "" });
    for (const e of links) rows.push({ ...base, linkedTo: forward ? e.from : e.to, operation: e.operation, orderId: e.orderId, quantity: e.quantity, uom: e.uom || n.uom, time: e.time });
  }
  return rows;
}
