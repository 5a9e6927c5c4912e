import type { GraphNode } from "./graph-model";

export type NodeTone = "divergent" | "held" | "shipment" | "supplier_lot" | "lot";

/** The genealogy graph's colours, shared by its nodes and its legend so the two cannot drift apart. */
export const NODE_TONE_CLASSES: Record<NodeTone, string> = {
  divergent: "border-amber-500 bg-amber-50",
  held: "border-red-500 bg-red-50",
  shipment: "border-teal-500 bg-teal-50",
  supplier_lot: "border-lime-600 bg-lime-50",
  lot: "border-slate-300 bg-white",
};

/**
 * A divergent lot is also held (one system blocks it while another releases it): disagreement is
 * the more specific finding, and the one that needs a person, so it reads amber, not red.
 */
export function nodeTone(n: Pick<GraphNode, "held" | "divergent" | "kind">): NodeTone {
  if (n.divergent) return "divergent";
  if (n.held) return "held";
  return n.kind;
}
