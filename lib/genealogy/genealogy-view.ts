import "server-only";
import { canSeePlant, type Actor } from "../auth/actor";
import { positionOf } from "../lots/divergence";
import { getGenealogyEdges } from "../queries/get-genealogy-edges";
import { getLotFacts } from "../queries/get-lot-facts";
import { getLatestLotStatuses } from "../queries/get-lot-statuses";
import type { GraphData, GraphNode } from "./graph-model";
import { walkGenealogy, type Direction } from "./trace-genealogy";

export type GenealogyNode = GraphNode;
export type GenealogyView = GraphData;

export type GenealogyResult = { status: "not-found" } | { status: "forbidden" } | { status: "ok"; genealogy: GenealogyView };

/** The backward or forward genealogy of a lot, every node with its item, plant and status. */
export async function getGenealogyView(actor: Actor, root: string, direction: Direction, depth: number): Promise<GenealogyResult> {
  const walk = await walkGenealogy(getGenealogyEdges, root, direction, depth);
  const lots = [...walk.depths.keys()];
  const [facts, statuses] = await Promise.all([getLotFacts(lots), getLatestLotStatuses(lots)]);
  const rootFacts = facts.get(root);
  if (!rootFacts && walk.edges.length === 0) return { status: "not-found" };
  if (rootFacts && rootFacts.plant !== "" && !canSeePlant(actor, rootFacts.plant)) return { status: "forbidden" };

  const bySystem = new Map<string, { system: string; status: string; time: string }[]>();
  for (const s of statuses) bySystem.set(s.lotId, [...(bySystem.get(s.lotId) ?? []), s]);
  const frontier = new Set(walk.frontier);
  const nodes = lots.map((lotId): GenealogyNode => {
    const f = facts.get(lotId);
    const restricted = f !== undefined && f.plant !== "" && !canSeePlant(actor, f.plant);
    const latest = (bySystem.get(lotId) ?? []).sort((a, b) => b.time.localeCompare(a.time));
    const positions = new Set(latest.map((s) => positionOf(s.status, s.system)));
    const blocked = latest.find((s) => positionOf(s.status, s.system) === "blocked");
    const kind = f?.isShipment ? "shipment" : f?.supplierLot ? "supplier_lot" : "lot";
    const base = { lotId, depth: walk.depths.get(lotId) ?? 0, kind, expandable: frontier.has(lotId) } as const;
    if (restricted || !f) {
      return { ...base, item: "", plant: f?.plant ?? "", status: "", held: false, divergent: false, quantity: 0, uom: "", supplier: "", supplierLot: "", customer: "", restricted };
    }
    return {
      ...base,
      item: f.item,
      plant: f.plant,
      status: blocked?.status ?? latest[0]?.status ?? "",
      held: blocked !== undefined,
      divergent: positions.has("blocked") && positions.has("released"),
      quantity: f.quantity,
      uom: f.uom,
      supplier: f.supplier,
      supplierLot: f.supplierLot,
      customer: f.customer,
      restricted: false,
    };
  });
  return { status: "ok", genealogy: { root, direction, depth, nodes, edges: walk.edges, truncated: walk.truncated } };
}
