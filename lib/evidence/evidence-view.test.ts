import { describe, expect, it } from "vitest";
import { evidenceInput } from "./evidence-fixture";
import { buildEvidencePack } from "./evidence-pack";
import { genealogyTree, messageSections, statusSections } from "./evidence-view";

describe("printable evidence view", () => {
  it("lists the genealogy as a tree from the root, a merged lot's branch once", async () => {
    const pack = buildEvidencePack(await evidenceInput());
    expect(genealogyTree(pack.genealogy.backward).map((r) => `${"  ".repeat(r.depth)}${r.lotId}${r.repeat ? " (above)" : ""}`)).toEqual(["FG", "  SUB", "    RAW1", "    RAW2"]);
    expect(genealogyTree(pack.genealogy.forward).map((r) => [r.depth, r.lotId, r.linkedTo, r.operation])).toEqual([
      [0, "FG", "", ""],
      [1, "SHP", "FG", "ship"],
    ]);
    const diamond = {
      ...pack.genealogy.forward,
      nodes: [0, 1, 1, 2, 3].map((depth, i) => ({ ...pack.genealogy.forward.nodes[0]!, lotId: ["R", "A", "B", "C", "D"][i]!, depth })),
      edges: [["R", "A"], ["R", "B"], ["A", "C"], ["B", "C"], ["C", "D"]].map(([from, to]) => ({ ...pack.genealogy.forward.edges[0]!, from: from!, to: to! })),
      root: "R",
    };
    expect(genealogyTree(diamond).map((r) => `${r.depth}:${r.lotId}${r.repeat ? "*" : ""}`)).toEqual(["0:R", "1:A", "2:C", "3:D", "1:B", "2:C*"]);
  });

  it("groups status history and messages by lot, root first, lots without any left out", async () => {
    const pack = buildEvidencePack(await evidenceInput());
    const status = statusSections(pack);
    expect(status.map((s) => s.lotId)).toEqual(["FG", "SUB", "RAW2"]);
    expect(status[0]!.rows.map((r) => `${r.system}:${r.status}`)).toEqual(["ERP:posted", "ERP:blocked", "QMS:rejected"]);
    expect(status[0]!.item).toBe("ITEM-FG");
    expect(messageSections(pack).map((s) => [s.lotId, s.rows.map((m) => m.messageId)])).toEqual([
      ["FG", ["m1"]],
      ["SUB", ["m2"]],
      ["RAW2", ["m3"]],
    ]);
  });
});
