import { describe, expect, it } from "vitest";
import { INTERFACE_OF_WORKFLOW, qualityRiskOf, type QualityRisk } from "../../lib/exceptions/priority";
import { WORKFLOWS } from "../../lib/workflows/catalog";
import { INTERFACES } from "./catalog";

// lib/exceptions/priority.ts names the reference estate's interfaces itself (lib does not import the simulator): this keeps the two in step.
describe("quality risk of the simulator's interfaces", () => {
  it("ranks every interface of the reference estate", () => {
    const expected: Record<keyof typeof INTERFACES, QualityRisk> = {
      inspectionResult: "critical",
      disposition: "critical",
      orderRelease: "high",
      goodsReceipt: "high",
      confirmation: "high",
      shipment: "high",
      capa: "normal",
      downtime: "normal",
    };
    const got = Object.fromEntries(Object.entries(INTERFACES).map(([key, i]) => [key, qualityRiskOf({ interface: i.name, kind: "message" })]));
    expect(got).toEqual(expected);
  });


  it("maps every default workflow to one of the simulator's interfaces", () => {
    const names = new Set<string>(Object.values(INTERFACES).map((i) => i.name));
    expect(WORKFLOWS.filter((w) => !names.has(INTERFACE_OF_WORKFLOW[w]))).toEqual([]);
  });
});
