import type { CloudEvent } from "../lib/events/contract";
import { BUSINESS_TYPES, TELEMETRY_TYPES } from "../lib/workflows/catalog";

/**
 * A small estate with known quality trouble, as CloudEvents for the ingest path (the integration
 * test and the e2e test send the same): five supplier lots, two intermediates, a finished lot and
 * its shipment, where three of the shipment's eight input lots are held or rejected —
 *   RAW-1 rejected in QMS and blocked in ERP, RAW-2 blocked in ERP, RAW-3 rejected in QMS while
 *   ERP still releases it (divergent); RAW-4 and RAW-5 passed.
 *   INT-1 ← RAW-1, RAW-4 (order PO-1) · INT-2 ← RAW-2, RAW-5 (PO-2) · FG ← INT-1, INT-2, RAW-3 (PO-3) · SHP ← FG.
 * PO-1's inspection-to-hold workflow carries RAW-1's failed inspection; failures of the
 * middleware carry error texts, one of them dead-lettered. Ids start with `IMP-<suffix>-` so runs never meet and one prefix finds them all.
 */
export function impactFixture(suffix: string, plant = "P100", end = Date.now() - 60_000) {
  const id = (name: string) => `IMP-${suffix}-${name}`;
  const lots = {
    raw: [1, 2, 3, 4, 5].map((n) => id(`RAW${n}`)),
    int1: id("INT1"),
    int2: id("INT2"),
    fg: id("FG"),
    shipment: id("SHP"),
  };
  const orders = { po1: id("PO1"), po2: id("PO2"), po3: id("PO3") };
  const start = end - 30 * 60_000;
  let seq = 0;
  const events: CloudEvent[] = [];
  const emit = (type: string, sourcesystem: CloudEvent["sourcesystem"], fields: Partial<CloudEvent>, data: Record<string, unknown> = {}) => {
    seq++;
    events.push({
      specversion: "1.0",
      id: id(`evt${String(seq).padStart(3, "0")}`),
      source: `/plants/${plant}/impact`,
      type,
      time: new Date(start + seq * 10_000).toISOString(),
      plant,
      sourcesystem,
      correlationid: id(`corr${seq}`),
      data,
      ...fields,
    });
  };

  lots.raw.forEach((lot, i) => emit(BUSINESS_TYPES.lotReceived, "ERP", { lotid: lot }, { item: `RES-${i + 1}`, supplier: "Polymer Supply GmbH", supplierLot: id(`S${i + 1}`), quantity: 1000, uom: "KG" }));
  for (const lot of [lots.raw[3]!, lots.raw[4]!]) emit(BUSINESS_TYPES.inspectionPassed, "QMS", { lotid: lot }, { usageDecision: "A" });

  const produce = (order: string, child: string, parents: string[], item: string) => {
    for (const parent of parents) emit(BUSINESS_TYPES.lotConsumed, "MES", { lotid: parent, orderid: order, correlationid: id(`conf-${order}`) }, { quantity: 10, uom: "KG", outputs: [{ lotId: child, quantity: 100, uom: "EA" }] });
    emit(BUSINESS_TYPES.lotProduced, "MES", { lotid: child, orderid: order, correlationid: id(`conf-${order}`) }, { item, quantity: 100, uom: "EA", inputs: parents.map((p) => ({ lotId: p, quantity: 10, uom: "KG" })) });
  };
  produce(orders.po1, lots.int1, [lots.raw[0]!, lots.raw[3]!], "INT-A");
  produce(orders.po2, lots.int2, [lots.raw[1]!, lots.raw[4]!], "INT-B");
  produce(orders.po3, lots.fg, [lots.int1, lots.int2, lots.raw[2]!], "FG-X");
  emit(BUSINESS_TYPES.shipmentConfirmed, "WMS", { lotid: lots.shipment }, { customer: "Acme Automotive", operation: "ship", inputs: [{ lotId: lots.fg, quantity: 50, uom: "EA" }] });

  // Later: RAW-1 fails an in-process inspection of order PO-1 and ERP holds it; RAW-2 is held; RAW-3 is rejected and ERP never hears.
  const hold = id("corr-hold-raw1");
  emit(BUSINESS_TYPES.inspectionFailed, "QMS", { lotid: lots.raw[0]!, orderid: orders.po1, correlationid: hold }, { characteristic: "melt flow", measured: 31, limit: 25 });
  emit(TELEMETRY_TYPES.delivered, "MIDDLEWARE", { lotid: lots.raw[0]!, orderid: orders.po1, correlationid: hold, messageid: id("msg-hold") }, { interface: "inspection-result" });
  emit(BUSINESS_TYPES.holdPlaced, "ERP", { lotid: lots.raw[0]!, orderid: orders.po1, correlationid: hold }, { stockStatus: "blocked" });
  emit(BUSINESS_TYPES.holdPlaced, "ERP", { lotid: lots.raw[1]! }, { stockStatus: "blocked" });
  emit(BUSINESS_TYPES.inspectionFailed, "QMS", { lotid: lots.raw[2]! }, { characteristic: "moisture", measured: 0.4, limit: 0.2 });

  // Middleware failures naming the lots, with error texts to search.
  const fail = (lot: string, status: "failed" | "dead_lettered", error: string, n: number) =>
    emit(status === "failed" ? TELEMETRY_TYPES.failed : TELEMETRY_TYPES.deadLettered, "MIDDLEWARE", { lotid: lot, correlationid: id(`corr-fail${n}`), messageid: id(`msg-fail${n}`), status, errormessage: error }, { interface: "inspection-result" });
  fail(lots.raw[2]!, "failed", `ERP gateway: connection refused (${suffix})`, 1);
  fail(lots.raw[2]!, "dead_lettered", `ERP gateway: Connection Refused after 5 retries (${suffix})`, 2);
  fail(lots.raw[3]!, "failed", `schema mismatch: field quantity (${suffix})`, 3);
  fail(lots.fg, "failed", `ERP gateway: connection refused (${suffix})`, 4);

  return { events, lots, orders, suffix, errorText: "connection refused" };
}
