import { describe, expect, it } from "vitest";
import type { GraphData, GraphNode } from "./graph-model";
import { genealogyRows } from "./genealogy-rows";

const node = (lotId: string, depth: number): GraphNode => ({
  lotId, depth, item: "ITEM", plant: "P100", status: "", held: false, divergent: false, kind: "lot", quantity: 5, uom: "EA", supplier: "", supplierLot: "", customer: "", restricted: false, expandable: false,
});
const edge = (from: string, to: string, operation = "produce") => ({ from, to, operation, orderId: `PO-${to}`, quantity: 2, uom: "KG", time: "2026-11-24T08:00:00.000Z" });

describe("genealogy rows", () => {
  it("gives the root one row and a merged lot a row per link nearer the root", () => {
    const graph: GraphData = { root: "M", direction: "backward", depth: 2, truncated: false, nodes: [node("M", 0), node("A", 1), node("B", 1), node("R", 2)], edges: [edge("A", "M", "merge"), edge("B", "M", "merge"), edge("R", "A"), edge("R", "B")] };
    const rows = genealogyRows(graph);
    expect(rows.map((r) => [r.depth, r.lotId, r.linkedTo, r.operation])).toEqual([
      [0, "M", "", ""], [1, "A", "M", "merge"], [1, "B", "M", "merge"], [2, "R", "A", "produce"], [2, "R", "B", "produce"],
    ]);
    expect(rows[1]).toMatchObject({ orderId: "PO-M", quantity: 2, uom: "KG" });
  });

  it("reads links the other way going forward", () => {
    const graph: GraphData = { root: "R", direction: "forward", depth: 1, truncated: false, nodes: [node("R", 0), node("S1", 1), node("S2", 1)], edges: [edge("R", "S1", "split"), edge("R", "S2", "split")] };
    expect(genealogyRows(graph).map((r) => `${r.linkedTo}>${r.lotId}:${r.operation}`)).toEqual([">R:", "R>S1:split", "R>S2:split"]);
  });
});
