import { CHARACTERISTICS, CUSTOMERS, EQUIPMENT, INTERFACES, MANUFACTURED, PURCHASED_MATERIALS, type Characteristic } from "./catalog";
import { BUSINESS_TYPES, type LotOperation, type LotQuantity, type WorkflowName } from "./event-types";
import { InstanceBuilder, type InstanceKeys, type ScheduledEvent } from "./instance-builder";
import type { Rng } from "./random";

export * from "./event-types";
export type { ScheduledEvent } from "./instance-builder";

/** Faults switched on for a whole run, each producing one kind of trouble the product must show. */
export interface Faults {
  /** QMS answers every delivery with 503: retries, then dead letters. */
  qmsOutage?: boolean;
  /** Every ERP posting arrives after its SLA. */
  lateErp?: boolean;
  /** A share of holds are reported delivered but never posted in ERP: QMS and ERP disagree. */
  lostHold?: boolean;
}

/** Share of inspection-to-hold instances whose hold is lost when `lostHold` is on. */
export const LOST_HOLD_SHARE = 0.3;

/** What every workflow instance needs: randomness, where, when (epoch ms), how often deliveries fail, which faults are on. */
export interface InstanceInput {
  rng: Rng;
  plant: string;
  start: number;
  failureRate: number;
  faults?: Faults;
}

/** One instance's events (each with its due time) and what it changed in the estate. */
export interface WorkflowInstance<Outcome> {
  workflow: WorkflowName;
  correlationid: string;
  events: ScheduledEvent[];
  outcome: Outcome;
}

export interface LotRef {
  lotid: string;
  item: string;
  uom: string;
  /** Bill-of-material level: 0 purchased, 1 intermediate, 2 sub-assembly, 3 finished good. */
  level?: number;
  quantity?: number;
}

export interface OrderRef {
  orderid: string;
  item: string;
  quantity: number;
  level?: number;
  /** Unit of the produced lot; EA unless a merge or rework order keeps its input's unit. */
  uom?: string;
}

// Lower levels are made more often: every finished good needs lots from each level below it.
const LEVEL_WEIGHTS: readonly (readonly [1 | 2 | 3, number])[] = [
  [1, 5],
  [2, 3],
  [3, 2],
];

/** Share of hand-offs slow enough to breach their SLA. */
const LATE_SHARE = 0.05;

function handOffDelay(rng: Rng, typical: readonly [number, number], late: readonly [number, number], forceLate = false): number {
  return rng.chance(LATE_SHARE) || forceLate ? rng.int(late[0], late[1]) : rng.int(typical[0], typical[1]);
}

function instance<Outcome>(workflow: WorkflowName, b: InstanceBuilder, outcome: Outcome): WorkflowInstance<Outcome> {
  return { workflow, correlationid: b.correlationid, events: b.events, outcome };
}

function builder(input: InstanceInput, keys: InstanceKeys): InstanceBuilder {
  return new InstanceBuilder(input.rng, input.plant, keys, input.faults?.qmsOutage ? ["QMS"] : []);
}

const round = (value: number, digits = 4) => Number(value.toPrecision(digits));

function measurement(rng: Rng, c: Characteristic, passes: boolean): number {
  // Passing values sit 5–40% inside the limit, failing ones 3–25% outside it.
  const margin = passes ? -rng.int(5, 40) / 100 : rng.int(3, 25) / 100;
  return round(c.limit * (c.upper ? 1 + margin : 1 - margin));
}

const inspectionLotNo = (rng: Rng) => `IL-${rng.int(100_000_000, 999_999_999)}`;

/**
 * receipt-to-inspection: ERP posts a supplier lot receipt → middleware → QMS creates the
 * inspection record (SLA ≤ 10 min) → passed → ERP releases the stock → WMS puts it away.
 * The lot can be consumed once ERP has released it.
 */
export function receiptToInspection(input: InstanceInput & { lotid: string }): WorkflowInstance<{ lot: LotRef; releasedAt: number | null }> {
  const { rng, plant, start, failureRate, lotid } = input;
  const b = builder(input, { lotid });
  const material = rng.pick(PURCHASED_MATERIALS);
  const quantity = material.uom === "EA" ? rng.int(20, 50) * 100 : rng.int(200, 20_000);
  const lot: LotRef = { lotid, item: material.item, uom: material.uom, level: 0, quantity };
  const received = b.emit(start, "ERP", BUSINESS_TYPES.lotReceived, {
    item: material.item,
    description: material.description,
    supplier: material.supplier,
    supplierLot: `S${rng.int(10, 99)}-${rng.hex(6).toUpperCase()}`,
    quantity,
    uom: material.uom,
    purchaseOrder: `45${rng.int(10_000_000, 99_999_999)}`,
  });
  const delivered = b.deliver(received, INTERFACES.goodsReceipt, failureRate);
  if (delivered === null) return instance("receipt-to-inspection", b, { lot, releasedAt: null });

  const inspectionLot = inspectionLotNo(rng);
  const created = b.emit(delivered + handOffDelay(rng, [200, 30_000], [610_000, 1_200_000]), "QMS", BUSINESS_TYPES.inspectionCreated, {
    item: material.item,
    inspectionLot,
    plan: `IP-${material.item}`,
  });
  const characteristic = rng.pick(CHARACTERISTICS);
  const passed = b.emit(created + rng.int(15_000, 120_000), "QMS", BUSINESS_TYPES.inspectionPassed, {
    inspectionLot,
    characteristic: characteristic.name,
    measured: measurement(rng, characteristic, true),
    limit: characteristic.limit,
    unit: characteristic.unit,
    usageDecision: "A",
  });
  const releasedAt = b.emit(passed + rng.int(500, 20_000), "ERP", BUSINESS_TYPES.stockStatusUpdated, {
    stockStatus: "unrestricted",
    previousStatus: "quality inspection",
    quantity,
    uom: material.uom,
  });
  b.emit(releasedAt + rng.int(30_000, 300_000), "WMS", BUSINESS_TYPES.goodsMoved, {
    movementType: "putaway",
    from: "QI-AREA",
    to: `${plant}-ST-${String(rng.int(1, 40)).padStart(2, "0")}-${rng.int(1, 9)}`,
    quantity,
    uom: material.uom,
  });
  return instance("receipt-to-inspection", b, { lot, releasedAt });
}

/**
 * order-release-to-mes: ERP releases a production order with its BOM and routing revision
 * → middleware → MES receives and acknowledges it (SLA: ack ≤ 2 min). Only an acknowledged
 * order can run on the shop floor.
 */
export function orderReleaseToMes(input: InstanceInput & { orderid: string }): WorkflowInstance<{ order: OrderRef; acknowledgedAt: number | null }> {
  const { rng, plant, start, failureRate, orderid } = input;
  const b = builder(input, { orderid });
  const level = rng.weighted(LEVEL_WEIGHTS);
  const product = rng.pick(MANUFACTURED.filter((m) => m.level === level));
  const order: OrderRef = { orderid, item: product.item, quantity: rng.int(5, 200) * 10, level };
  const release = {
    item: order.item,
    quantity: order.quantity,
    uom: "EA",
    bomRevision: `B${String(rng.int(1, 12)).padStart(2, "0")}`,
    routingRevision: `R${String(rng.int(1, 6)).padStart(2, "0")}`,
    line: `${plant}-L${rng.int(1, 4)}`,
  };
  const released = b.emit(start, "ERP", BUSINESS_TYPES.orderReleased, {
    ...release,
    dueDate: new Date(start + rng.int(2, 14) * 86_400_000).toISOString().slice(0, 10),
  });
  const delivered = b.deliver(released, INTERFACES.orderRelease, failureRate);
  if (delivered === null) return instance("order-release-to-mes", b, { order, acknowledgedAt: null });

  const received = b.emit(delivered + rng.int(30, 500), "MES", BUSINESS_TYPES.orderReceived, release);
  const acknowledgedAt = b.emit(received + handOffDelay(rng, [500, 20_000], [125_000, 300_000]), "MES", BUSINESS_TYPES.orderAcknowledged, {
    line: release.line,
    scheduledStart: new Date(received + rng.int(1, 48) * 3_600_000).toISOString(),
  });
  return instance("order-release-to-mes", b, { order, acknowledgedAt });
}

function consumedQuantity(rng: Rng, lot: LotRef, order: OrderRef): number {
  if (lot.uom === "EA") return order.quantity * rng.int(1, 4);
  if (lot.uom === "M") return rng.int(10, 400);
  return rng.int(50, 800);
}

/**
 * confirmation-to-inventory: MES consumes input lots into a production order and produces a
 * new lot from them → middleware → ERP posts goods receipt and consumption (SLA ≤ 15 min).
 * The consumed/produced pair is the genealogy link: parent lots → order → child lot (see
 * LotQuantity for the payload shape). A merge or rework order takes its input lots whole and
 * makes a lot of the same item; a split divides the produced lot in two.
 */
export function confirmationToInventory(
  input: InstanceInput & {
    order: OrderRef;
    inputLots: readonly LotRef[];
    producedLotid: string;
    splitInto?: readonly [string, string];
    operation?: "merge" | "rework";
  },
): WorkflowInstance<{ consumed: { lotid: string; at: number }[]; produced: { lot: LotRef; at: number }[]; producedAt: number }> {
  const { rng, start, failureRate, order, inputLots, producedLotid, splitInto } = input;
  if (inputLots.length === 0) throw new Error("a production confirmation needs at least one input lot");
  const b = builder(input, { orderid: order.orderid, lotid: producedLotid });
  const operation: LotOperation = input.operation ?? (inputLots.length > 1 ? "assemble" : "produce");
  const produced: LotRef = { lotid: producedLotid, item: order.item, uom: order.uom ?? "EA", level: order.level ?? 1, quantity: order.quantity };
  const outputs: LotQuantity[] = [{ lotId: producedLotid, quantity: order.quantity, uom: produced.uom }];
  const consumed: { lotid: string; at: number; quantity: number; uom: string }[] = [];
  let t = start;
  for (const lot of inputLots) {
    const quantity = input.operation ? (lot.quantity ?? consumedQuantity(rng, lot, order)) : consumedQuantity(rng, lot, order);
    t = b.emit(t, "MES", BUSINESS_TYPES.lotConsumed, { item: lot.item, quantity, uom: lot.uom, operation, outputs }, { lotid: lot.lotid });
    consumed.push({ lotid: lot.lotid, at: t, quantity, uom: lot.uom });
    t += rng.int(1_000, 20_000);
  }
  const inputs: LotQuantity[] = consumed.map(({ lotid, quantity, uom }) => ({ lotId: lotid, quantity, uom }));
  const producedAt = b.emit(t + rng.int(30_000, 180_000), "MES", BUSINESS_TYPES.lotProduced, {
    item: order.item,
    quantity: order.quantity,
    uom: produced.uom,
    operation,
    inputs,
  });
  // A produced lot split in two (e.g. for two lines): the halves carry the genealogy on.
  let usable = [{ lot: produced, at: producedAt }];
  if (splitInto) {
    const half = Math.floor(order.quantity / 2);
    let at = producedAt + rng.int(60_000, 600_000);
    usable = splitInto.map((lotid, i) => {
      const quantity = i === 0 ? half : order.quantity - half;
      at = b.emit(at, "MES", BUSINESS_TYPES.lotProduced, { item: order.item, quantity, uom: produced.uom, operation: "split", inputs: [{ lotId: producedLotid, quantity, uom: produced.uom }] }, { lotid });
      return { lot: { ...produced, lotid, quantity }, at };
    });
  }
  const delivered = b.deliver(producedAt, INTERFACES.confirmation, failureRate);
  if (delivered !== null) {
    b.emit(delivered + handOffDelay(rng, [300, 60_000], [910_000, 1_500_000], input.faults?.lateErp), "ERP", BUSINESS_TYPES.confirmationPosted, {
      goodsReceipt: { lotid: producedLotid, item: order.item, quantity: order.quantity, uom: produced.uom },
      consumption: consumed.map(({ lotid, quantity, uom }) => ({ lotid, quantity, uom })),
      operation,
      finalConfirmation: true,
    });
  }
  return instance("confirmation-to-inventory", b, { consumed: consumed.map(({ lotid, at }) => ({ lotid, at })), produced: usable, producedAt });
}

/**
 * inspection-to-hold: QMS fails an in-process inspection of a lot already consumed by an
 * order → middleware → ERP puts the lot on hold (SLA ≤ 5 min) → MES flags the work order →
 * analytics refresh. A dead-lettered message means ERP and MES never hear of the failure.
 */
export function inspectionToHold(input: InstanceInput & { lotid: string; orderid: string }): WorkflowInstance<{ heldAt: number | null }> {
  const { rng, start, failureRate, lotid, orderid } = input;
  const b = builder(input, { lotid, orderid });
  const characteristic = rng.pick(CHARACTERISTICS);
  const inspectionLot = inspectionLotNo(rng);
  const failed = b.emit(start, "QMS", BUSINESS_TYPES.inspectionFailed, {
    inspectionLot,
    characteristic: characteristic.name,
    measured: measurement(rng, characteristic, false),
    limit: characteristic.limit,
    unit: characteristic.unit,
    sampleSize: rng.pick([5, 8, 13, 20]),
  });
  const delivered = b.deliver(failed, INTERFACES.inspectionResult, failureRate);
  if (delivered === null) return instance("inspection-to-hold", b, { heldAt: null });
  // The middleware saw ERP accept the message, yet no hold is ever posted: only a cross-system check finds this.
  if (input.faults?.lostHold && rng.chance(LOST_HOLD_SHARE)) return instance("inspection-to-hold", b, { heldAt: null });

  const heldAt = b.emit(delivered + handOffDelay(rng, [300, 40_000], [330_000, 900_000], input.faults?.lateErp), "ERP", BUSINESS_TYPES.holdPlaced, {
    stockStatus: "blocked",
    reason: `inspection failed: ${characteristic.name}`,
    inspectionLot,
  });
  const flagged = b.emit(heldAt + rng.int(500, 15_000), "MES", BUSINESS_TYPES.workOrderFlagged, {
    workOrders: [orderid],
    action: "stop consumption",
    reason: `lot ${lotid} on hold`,
  });
  b.emit(flagged + rng.int(20_000, 90_000), "ANALYTICS", BUSINESS_TYPES.analyticsRefreshed, {
    dataset: "quality-holds",
    rows: rng.int(1, 40),
  });
  return instance("inspection-to-hold", b, { heldAt });
}

/**
 * disposition-to-release: QMS approves the disposition of a held lot → middleware → ERP releases
 * the batch (SLA ≤ 15 min) → WMS releases its warehouse tasks → customer service is notified.
 */
export function dispositionToRelease(input: InstanceInput & { lotid: string }): WorkflowInstance<{ releasedAt: number | null }> {
  const { rng, start, failureRate, lotid } = input;
  const b = builder(input, { lotid });
  const approved = b.emit(start, "QMS", BUSINESS_TYPES.dispositionApproved, { decision: rng.pick(["use as is", "rework", "sort 100%"]), approver: `QE-${rng.int(10, 99)}` });
  const delivered = b.deliver(approved, INTERFACES.disposition, failureRate);
  if (delivered === null) return instance("disposition-to-release", b, { releasedAt: null });
  const releasedAt = b.emit(delivered + handOffDelay(rng, [300, 60_000], [910_000, 1_800_000], input.faults?.lateErp), "ERP", BUSINESS_TYPES.stockStatusUpdated, {
    stockStatus: "unrestricted",
    previousStatus: "blocked",
  });
  const tasks = b.emit(releasedAt + rng.int(10_000, 120_000), "WMS", BUSINESS_TYPES.warehouseTasksReleased, { tasks: rng.int(1, 6) });
  b.emit(tasks + rng.int(5_000, 60_000), "PORTAL", BUSINESS_TYPES.customerNotified, { channel: "customer service", message: `lot ${lotid} released` });
  return instance("disposition-to-release", b, { releasedAt });
}

/**
 * order-to-shipment: WMS confirms a shipment of finished lots → middleware → ERP posts the
 * delivery (SLA ≤ 30 min) → the customer portal shows it. The shipment is the last genealogy
 * level: its `inputs` are the shipped lots.
 */
export function orderToShipment(input: InstanceInput & { shipmentId: string; lots: readonly LotRef[] }): WorkflowInstance<{ postedAt: number | null }> {
  const { rng, start, failureRate, shipmentId, lots } = input;
  if (lots.length === 0) throw new Error("a shipment needs at least one lot");
  const b = builder(input, { lotid: shipmentId });
  const customer = rng.pick(CUSTOMERS);
  const confirmed = b.emit(start, "WMS", BUSINESS_TYPES.shipmentConfirmed, {
    customer,
    operation: "ship",
    inputs: lots.map((l) => ({ lotId: l.lotid, quantity: Math.max(1, Math.floor((l.quantity ?? 10) / 2)), uom: l.uom })),
    carrier: rng.pick(["DHL", "Kuehne+Nagel", "DB Schenker"]),
  });
  const delivered = b.deliver(confirmed, INTERFACES.shipment, failureRate);
  if (delivered === null) return instance("order-to-shipment", b, { postedAt: null });
  const postedAt = b.emit(delivered + handOffDelay(rng, [300, 120_000], [1_810_000, 3_600_000], input.faults?.lateErp), "ERP", BUSINESS_TYPES.deliveryPosted, {
    delivery: `80${rng.int(10_000_000, 99_999_999)}`,
    customer,
  });
  b.emit(postedAt + rng.int(5_000, 120_000), "PORTAL", BUSINESS_TYPES.customerNotified, { channel: "customer portal", message: `shipment ${shipmentId} on its way` });
  return instance("order-to-shipment", b, { postedAt });
}

/** supplier-capa-sync: QMS closes a supplier CAPA → middleware → ERP procurement updates the supplier status (SLA ≤ 1 h) → the supplier portal tells the supplier. */
export function supplierCapaSync(input: InstanceInput & { lot?: LotRef }): WorkflowInstance<{ updatedAt: number | null }> {
  const { rng, start, failureRate, lot } = input;
  const b = builder(input, lot ? { lotid: lot.lotid } : {});
  // A CAPA raised over a lot is against that lot's supplier: lot facts take the supplier from every event naming the lot.
  const supplier = (lot && PURCHASED_MATERIALS.find((m) => m.item === lot.item)?.supplier) ?? rng.pick(PURCHASED_MATERIALS).supplier;
  const capa = `CAPA-${rng.int(10_000, 99_999)}`;
  const closed = b.emit(start, "QMS", BUSINESS_TYPES.capaClosed, { capa, supplier, rootCause: rng.pick(["tooling wear", "mixed lots", "transport damage"]) });
  const delivered = b.deliver(closed, INTERFACES.capa, failureRate);
  if (delivered === null) return instance("supplier-capa-sync", b, { updatedAt: null });
  const updatedAt = b.emit(delivered + handOffDelay(rng, [1_000, 600_000], [3_610_000, 7_200_000], input.faults?.lateErp), "ERP", BUSINESS_TYPES.supplierStatusUpdated, {
    supplier,
    status: "approved",
    capa,
  });
  b.emit(updatedAt + rng.int(60_000, 900_000), "SUPPLIER", BUSINESS_TYPES.supplierNotified, { supplier, capa });
  return instance("supplier-capa-sync", b, { updatedAt });
}

/** downtime-to-planning: CMMS reports a machine down → middleware → ERP planning updates the line's capacity (SLA ≤ 15 min). */
export function downtimeToPlanning(input: InstanceInput): WorkflowInstance<{ updatedAt: number | null }> {
  const { rng, plant, start, failureRate } = input;
  const b = builder(input, {});
  const line = `${plant}-L${rng.int(1, 4)}`;
  const minutes = rng.int(10, 480);
  const reported = b.emit(start, "CMMS", BUSINESS_TYPES.downtimeReported, { equipment: rng.pick(EQUIPMENT), line, expectedMinutes: minutes, cause: rng.pick(["breakdown", "planned maintenance", "tool change"]) });
  const delivered = b.deliver(reported, INTERFACES.downtime, failureRate);
  if (delivered === null) return instance("downtime-to-planning", b, { updatedAt: null });
  const updatedAt = b.emit(delivered + handOffDelay(rng, [500, 120_000], [910_000, 1_800_000], input.faults?.lateErp), "ERP", BUSINESS_TYPES.capacityUpdated, { line, lostMinutes: minutes });
  return instance("downtime-to-planning", b, { updatedAt });
}
