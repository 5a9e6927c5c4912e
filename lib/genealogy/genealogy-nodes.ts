import { plantInScope } from "../auth/plant-scope";
import { positionOf, type StatusChange } from "../lots/divergence";
import { lotKind } from "../lots/lot-kind";
import type { LotFacts } from "../queries/get-lot-facts";
import type { GraphNode } from "./graph-model";
import type { GenealogyWalk } from "./trace-genealogy";

/** The facts of a lot that its node shows. */
export type NodeFacts = Pick<LotFacts, "item" | "plant" | "quantity" | "uom" | "supplier" | "supplierLot" | "customer" | "isShipment" | "producedByOrder">;

/**
 * The nodes of a genealogy walk with each lot's facts and status, as the graph, the table, the
 * API and the recall evidence pack show them: lots outside the plant scope keep their id only.
 * `statuses` may be the latest status per system or a whole history; the newest word counts.
 */
export function genealogyNodes(
  walk: Pick<GenealogyWalk, "depths" | "frontier">,
  facts: ReadonlyMap<string, NodeFacts>,
  statuses: readonly (StatusChange & { lotId: string })[],
  plants: readonly string[] | null,
): GraphNode[] {
  const latestByLot = new Map<string, Map<string, StatusChange>>();
  for (const s of statuses) {
    const bySystem = latestByLot.get(s.lotId) ?? new Map<string, StatusChange>();
    const known = bySystem.get(s.system);
    if (!known || known.time <= s.time) bySystem.set(s.system, s);
    latestByLot.set(s.lotId, bySystem);
  }
  const frontier = new Set(walk.frontier);
  return [...walk.depths].map(([lotId, depth]): GraphNode => {
    const f = facts.get(lotId);
    const restricted = f !== undefined && !plantInScope(plants, f.plant);
    const latest = [...(latestByLot.get(lotId)?.values() ?? [])].sort((a, b) => b.time.localeCompare(a.time));
    const positions = new Set(latest.map((s) => positionOf(s.status, s.system)));
    const blocked = latest.find((s) => positionOf(s.status, s.system) === "blocked");
    const kind = f ? lotKind(f) : "lot";
    const expandable = frontier.has(lotId);
    // Object literals, not `{ ...base, … }`: V8 builds a spread followed by more keys far slower,
    // and the 10,000 nodes of one genealogy took ~150 ms instead of ~9 ms (npm run bench:queries).
    if (restricted || !f) {
      return { lotId, depth, kind, expandable, item: "", plant: f?.plant ?? "", status: "", held: false, divergent: false, quantity: 0, uom: "", supplier: "", supplierLot: "", customer: "", restricted };
    }
    return {
      lotId,
      depth,
      kind,
      expandable,
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
}
