import { describe, expect, it } from "vitest";
import { lotKind, lotKindLabel } from "./lot-kind";

const facts = (over: Partial<{ isShipment: boolean; supplierLot: string; producedByOrder: string }>) => ({ isShipment: false, supplierLot: "", producedByOrder: "", ...over });

describe("lot kind", () => {
  it("heads a lot we produced as produced, even when an event names a supplier lot on it", () => {
    expect(lotKind(facts({ producedByOrder: "PO-1", supplierLot: "S10-AB12CD" }))).toBe("lot");
    expect(lotKindLabel(facts({ producedByOrder: "PO-1", supplierLot: "S10-AB12CD" }))).toBe("Produced lot");
  });

  it("heads a received lot with a supplier's number as a supplier lot", () => {
    expect(lotKind(facts({ supplierLot: "S10-AB12CD" }))).toBe("supplier_lot");
    expect(lotKindLabel(facts({ supplierLot: "S10-AB12CD" }))).toBe("Supplier lot");
  });

  it("heads a shipment as a shipment and a lot of unknown origin as a lot", () => {
    expect(lotKindLabel(facts({ isShipment: true, producedByOrder: "PO-1" }))).toBe("Shipment");
    expect(lotKind(facts({}))).toBe("lot");
    expect(lotKindLabel(facts({}))).toBe("Lot");
  });
});
