import { describe, expect, it } from "vitest";
import { walkGenealogy, type EdgeReader, type GenealogyEdge } from "./trace-genealogy";

const edge = (from: string, to: string): GenealogyEdge => ({ from, to, operation: "produce", orderId: "", quantity: 1, uom: "EA", time: "2026-11-24T08:00:00.000Z" });

// R1, R2 → A (merge); A → B1, B2 (split); B1 → C; B2 → C; C → SHP; C → A (rework loop)
const GRAPH = [edge("R1", "A"), edge("R2", "A"), edge("A", "B1"), edge("A", "B2"), edge("B1", "C"), edge("B2", "C"), edge("C", "SHP"), edge("C", "A")];

function reader(calls: string[][]): EdgeReader {
  return async (direction, lots) => {
    calls.push([...lots]);
    return GRAPH.filter((e) => lots.includes(direction === "forward" ? e.from : e.to));
  };
}

describe("genealogy walk", () => {
  it("walks forward through a split and a merge with the fewest links as depth, reading once per level", async () => {
    const calls: string[][] = [];
    const walk = await walkGenealogy(reader(calls), "R1", "forward", 10);
    expect(Object.fromEntries(walk.depths)).toEqual({ R1: 0, A: 1, B1: 2, B2: 2, C: 3, SHP: 4 });
    expect(walk.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(["A>B1", "A>B2", "B1>C", "B2>C", "C>A", "C>SHP", "R1>A"]);
    expect(calls).toEqual([["R1"], ["A"], ["B1", "B2"], ["C"], ["SHP"]]);
    expect(walk.frontier).toEqual([]);
    expect(walk.truncated).toBe(false);
  });

  it("walks backward to every raw material and stops at the depth asked for", async () => {
    const full = await walkGenealogy(reader([]), "SHP", "backward", 10);
    expect([...full.depths.keys()].sort()).toEqual(["A", "B1", "B2", "C", "R1", "R2", "SHP"]);
    const shallow = await walkGenealogy(reader([]), "SHP", "backward", 2);
    expect(Object.fromEntries(shallow.depths)).toEqual({ SHP: 0, C: 1, B1: 2, B2: 2 });
    expect(shallow.frontier.sort()).toEqual(["B1", "B2"]);
    // At the limit only lots that lead further can expand: A does, the shipment does not.
    expect((await walkGenealogy(reader([]), "C", "forward", 1)).frontier).toEqual(["A"]);
  });

  it("stops adding lots at the cap and says so", async () => {
    const walk = await walkGenealogy(reader([]), "R1", "forward", 10, 3);
    expect(walk.depths.size).toBe(3);
    expect(walk.truncated).toBe(true);
  });
});
