import { describe, expect, it } from "vitest";
import { nodeTone } from "./node-tone";

describe("genealogy node tone", () => {
  it("draws a divergent lot amber although one of its systems holds it", () => {
    expect(nodeTone({ held: true, divergent: true, kind: "lot" })).toBe("divergent");
  });

  it("draws a held lot red, then shipments and supplier lots by kind", () => {
    expect(nodeTone({ held: true, divergent: false, kind: "supplier_lot" })).toBe("held");
    expect(nodeTone({ held: false, divergent: false, kind: "shipment" })).toBe("shipment");
    expect(nodeTone({ held: false, divergent: false, kind: "supplier_lot" })).toBe("supplier_lot");
    expect(nodeTone({ held: false, divergent: false, kind: "lot" })).toBe("lot");
  });
});
