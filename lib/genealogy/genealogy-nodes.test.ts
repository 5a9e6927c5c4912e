import { describe, expect, it } from "vitest";
import { FACTS, STATUS_HISTORY } from "../evidence/evidence-fixture";
import { plantInScope } from "../auth/plant-scope";
import { genealogyNodes } from "./genealogy-nodes";

describe("genealogy nodes", () => {
  it("scopes by plant; a lot of no reported plant is nobody's to hide", () => {
    expect(plantInScope(null, "P200")).toBe(true);
    expect(plantInScope(["P100"], "P200")).toBe(false);
    expect(plantInScope(["P100"], "")).toBe(true);
  });

  it("colours each lot by a block in any system, else its newest word, and keeps only ids outside the scope", () => {
    const walk = { depths: new Map([["FG", 0], ["SUB", 1], ["RAW2", 2], ["GONE", 2]]), frontier: ["RAW2"] };
    const nodes = genealogyNodes(walk, FACTS, STATUS_HISTORY, ["P100"]);
    expect(nodes.map((n) => [n.lotId, n.status, n.held, n.restricted, n.expandable])).toEqual([
      ["FG", "blocked", true, false, false],
      ["SUB", "unrestricted", false, false, false],
      ["RAW2", "", false, true, true],
      ["GONE", "", false, false, false],
    ]);
    expect(nodes[2]).toMatchObject({ plant: "P200", item: "", supplierLot: "", kind: "supplier_lot" });
    // QMS rejects while ERP's latest word is still a release: divergent.
    const early = genealogyNodes({ depths: new Map([["FG", 0]]), frontier: [] }, FACTS, STATUS_HISTORY.slice(0, 2), null);
    expect(early[0]).toMatchObject({ status: "rejected", held: true, divergent: true });
  });
});
