import { describe, expect, it } from "vitest";
import { layoutGraph, mergeExpansion, COLUMN_WIDTH, ROW_HEIGHT, type GraphData, type GraphNode } from "./graph-model";
import type { GenealogyEdge } from "./trace-genealogy";

const node = (lotId: string, depth: number, expandable = false): GraphNode => ({
  lotId, depth, item: "", plant: "P100", status: "", held: false, divergent: false, kind: "lot", quantity: 0, uom: "", supplier: "", supplierLot: "", customer: "", restricted: false, expandable,
});
const edge = (from: string, to: string): GenealogyEdge => ({ from, to, operation: "produce", orderId: "", quantity: 1, uom: "EA", time: "2026-11-24T08:00:00.000Z" });

describe("genealogy graph model", () => {
  it("merges an expansion below the expanded node without repeating lots or links", () => {
    const base: GraphData = { root: "R", direction: "forward", depth: 1, nodes: [node("R", 0), node("A", 1, true), node("B", 1)], edges: [edge("R", "A"), edge("R", "B")], truncated: false };
    const expansion: GraphData = { root: "A", direction: "forward", depth: 2, nodes: [node("A", 0), node("C", 1), node("B", 1), node("D", 2, true)], edges: [edge("A", "C"), edge("A", "B"), edge("C", "D")], truncated: false };
    const merged = mergeExpansion(base, "A", expansion);
    expect(merged.nodes.map((n) => [n.lotId, n.depth, n.expandable])).toEqual([["R", 0, false], ["A", 1, false], ["B", 1, false], ["C", 2, false], ["D", 3, true]]);
    expect(merged.edges.map((e) => `${e.from}>${e.to}`)).toEqual(["R>A", "R>B", "A>C", "A>B", "C>D"]);
  });

  it("lays depths out as columns, backward to the left, ordered so children sit beside their parents", () => {
    const graph = { direction: "backward" as const, nodes: [node("S", 0), node("X", 1), node("Y", 1), node("Y1", 2), node("X1", 2), node("X2", 2)], edges: [edge("X", "S"), edge("Y", "S"), edge("X1", "X"), edge("X2", "X"), edge("Y1", "Y")] };
    const placed = layoutGraph(graph);
    expect(placed.get("S")).toEqual({ lotId: "S", x: 0, y: 0 });
    expect(placed.get("X")!.x).toBe(-COLUMN_WIDTH);
    expect(placed.get("X1")!.x).toBe(-2 * COLUMN_WIDTH);
    // X sits above Y, so X's parents come before Y's in the next column.
    expect([placed.get("X1")!.y, placed.get("X2")!.y, placed.get("Y1")!.y]).toEqual([-ROW_HEIGHT, 0, ROW_HEIGHT]);
    expect(layoutGraph({ ...graph, direction: "forward" }).get("X")!.x).toBe(COLUMN_WIDTH);
  });
});
