import type { LotFacts } from "../queries/get-lot-facts";

export type LotKind = "lot" | "shipment" | "supplier_lot";

type KindFacts = Pick<LotFacts, "isShipment" | "supplierLot" | "producedByOrder">;

/**
 * What a lot is, from what its events say. Production wins over a supplier's lot number: facts
 * merge every event that names the lot id, so a lot we produced can also carry a `supplierLot`
 * (an input's number carried along, or a lot number a system reused, as the simulator does after
 * a restart), and it is still our lot, made by its order.
 */
export function lotKind(facts: KindFacts): LotKind {
  if (facts.isShipment) return "shipment";
  if (facts.producedByOrder !== "") return "lot";
  return facts.supplierLot !== "" ? "supplier_lot" : "lot";
}

/** The heading over a lot's id: "Produced lot" when an order made it, so a lot never reads as a supplier's by mistake. */
export function lotKindLabel(facts: KindFacts): string {
  const kind = lotKind(facts);
  if (kind === "shipment") return "Shipment";
  if (kind === "supplier_lot") return "Supplier lot";
  return facts.producedByOrder !== "" ? "Produced lot" : "Lot";
}
