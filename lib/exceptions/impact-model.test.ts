import { describe, expect, it } from "vitest";
import { summariseImpact, walkDescendants, type ChildReader } from "./impact-model";

// S1 → A → B → SHP1; S1 → C → A (merge back: A seen); S2 → C; B → B (rework loop); C → SHP2
const CHILDREN: Record<string, string[]> = { S1: ["A", "C"], S2: ["C"], A: ["B"], B: ["B", "SHP1"], C: ["A", "SHP2"] };

function reader(calls: { lots: string[]; limit: number }[] = []): ChildReader {
  return async (lots, limit) => {
    calls.push({ lots: [...lots], limit });
    return [...new Set(lots.flatMap((l) => CHILDREN[l] ?? []))].sort().slice(0, limit);
  };
}

const limits = { maxDepth: 12, maxLots: 100 };

describe("descendant walk", () => {
  it("walks every input lot at once, one read per level, through merges and rework loops", async () => {
    const calls: { lots: string[]; limit: number }[] = [];
    const walk = await walkDescendants(reader(calls), ["S2", "S1", "S1"], limits);
    expect(Object.fromEntries(walk.depths)).toEqual({ S1: 0, S2: 0, A: 1, C: 1, B: 2, SHP2: 2, SHP1: 3 });
    expect(walk.capped).toBe(false);
    expect(calls.map((c) => c.lots)).toEqual([["S1", "S2"], ["A", "C"], ["B", "SHP2"], ["SHP1"]]);
  });

  it("caps at the lot limit and says so, keeping the first lots by id", async () => {
    const walk = await walkDescendants(reader(), ["S1"], { maxDepth: 12, maxLots: 4 });
    expect([...walk.depths.keys()]).toEqual(["S1", "A", "C", "B"]);
    expect(walk.capped).toBe(true);
    // Exactly at the limit with nothing beyond: not capped.
    const exact = await walkDescendants(reader(), ["S1"], { maxDepth: 12, maxLots: 6 });
    expect(exact).toMatchObject({ capped: false });
    expect(exact.depths.size).toBe(6);
  });

  it("caps at the depth limit only when lots lie beyond it", async () => {
    const shallow = await walkDescendants(reader(), ["S1"], { maxDepth: 2, maxLots: 100 });
    expect([...shallow.depths.keys()].sort()).toEqual(["A", "B", "C", "S1", "SHP2"]);
    expect(shallow.capped).toBe(true);
    expect((await walkDescendants(reader(), ["S1"], { maxDepth: 3, maxLots: 100 })).capped).toBe(false);
  });

  it("never asks a level for more than the room left plus the lots seen", async () => {
    const calls: { lots: string[]; limit: number }[] = [];
    const hub: ChildReader = async (lots, limit) => {
      calls.push({ lots: [...lots], limit });
      return lots[0] === "HUB" ? Array.from({ length: limit }, (_, i) => `L${String(i).padStart(6, "0")}`) : [];
    };
    const walk = await walkDescendants(hub, ["HUB"], { maxDepth: 12, maxLots: 50 });
    expect(calls).toEqual([{ lots: ["HUB"], limit: 51 }]);
    expect(walk.depths.size).toBe(50);
    expect(walk.capped).toBe(true);
    expect((await walkDescendants(hub, ["A", "B", "C"], { maxDepth: 12, maxLots: 2 })).capped).toBe(true);
  });
});

describe("impact summary", () => {
  it("counts lots without shipments, descendants, orders with the input's first, and the shipments' customers", async () => {
    const walk = await walkDescendants(reader(), ["S1"], limits);
    const impact = summariseImpact({ lots: ["S1"], orders: ["PO-9", ""] }, walk, {
      shipments: [
        { lotId: "SHP2", customer: "Nordpump AS" },
        { lotId: "SHP1", customer: "Aquaflow Inc." },
      ],
      orders: ["PO-2", "PO-1", "PO-9", ""],
    });
    expect(impact).toEqual({
      lots: 4,
      orders: 3,
      shipments: 2,
      customers: 2,
      descendantLots: 3,
      capped: false,
      sample: { lots: ["S1", "A", "C", "B"], orders: ["PO-9", "PO-1", "PO-2"], shipments: ["SHP1", "SHP2"], customers: ["Aquaflow Inc.", "Nordpump AS"] },
    });
  });

  it("keeps samples to ten, nearest the input first, and counts a shipment named directly as a shipment", () => {
    const depths = new Map<string, number>([["SHP-0", 0], ...Array.from({ length: 30 }, (_, i) => [`L-${String(29 - i).padStart(2, "0")}`, 1 + (i % 3)] as [string, number])]);
    const impact = summariseImpact({ lots: ["SHP-0"], orders: [] }, { depths, capped: true }, { shipments: [{ lotId: "SHP-0", customer: "" }], orders: [] });
    expect(impact).toMatchObject({ lots: 30, shipments: 1, customers: 0, descendantLots: 30, capped: true });
    expect(impact.sample.lots).toHaveLength(10);
    expect(impact.sample.lots[0]).toBe("L-02");
    expect(impact.sample.lots.every((l) => depths.get(l) === 1)).toBe(true);
    expect(impact.sample.shipments).toEqual(["SHP-0"]);
  });
});
