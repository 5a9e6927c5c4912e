import type { CloudEvent, SourceSystem } from "../../lib/events/contract";
import type { Rng } from "./random";

/** Event types the simulator emits; the UI and tests refer to them by these names. */
export const BUSINESS_TYPES = {
  orderReleased: "mfg.order.released",
  orderReceived: "mfg.order.received",
  orderAcknowledged: "mfg.order.acknowledged",
  lotReceived: "mfg.lot.received",
  inspectionCreated: "mfg.inspection.created",
  inspectionPassed: "mfg.inspection.passed",
  inspectionFailed: "mfg.inspection.failed",
  holdPlaced: "mfg.hold.placed",
  stockStatusUpdated: "mfg.stock.status_updated",
  workOrderFlagged: "mfg.workorder.flagged",
  analyticsRefreshed: "mfg.analytics.refreshed",
} as const;

export const TELEMETRY_TYPES = {
  received: "integration.message.received",
  transformed: "integration.message.transformed",
  delivered: "integration.message.delivered",
  failed: "integration.message.failed",
  retried: "integration.message.retried",
  deadLettered: "integration.message.deadlettered",
} as const;

export const WORKFLOWS = ["order-release-to-mes", "inspection-to-hold", "receipt-to-inspection"] as const;
export type WorkflowName = (typeof WORKFLOWS)[number];

export interface ScheduledEvent {
  due: number;
  event: CloudEvent;
}

/** What one instance needs from the estate: randomness, ids and the lots and orders already there. */
export interface InstanceContext {
  rng: Rng;
  plant: string;
  start: number;
  failureRate: number;
  nextLotId(plant: string): string;
  nextOrderId(plant: string): string;
  /** A lot received earlier at this plant, if any. */
  knownLot(plant: string): string | undefined;
  rememberLot(plant: string, lotId: string): void;
}

const ITEMS = [
  { item: "RES-PA66-GF30", description: "PA66 resin, 30% glass fibre", uom: "KG", supplier: "Polymer Supply GmbH" },
  { item: "STL-COIL-DC04", description: "Cold-rolled steel coil DC04", uom: "KG", supplier: "Nordic Steel AB" },
  { item: "PCB-CTRL-7", description: "Controller PCB rev 7", uom: "EA", supplier: "Circuit Works Ltd" },
  { item: "SEAL-EPDM-40", description: "EPDM seal 40 mm", uom: "EA", supplier: "Elastomer Partners" },
] as const;

const PRODUCTS = ["HSG-PUMP-200", "BRKT-MNT-12", "VALVE-ASSY-3", "CTRL-UNIT-5"] as const;

const CHARACTERISTICS = [
  { name: "tensile strength", unit: "MPa", limit: 160 },
  { name: "moisture content", unit: "%", limit: 0.2 },
  { name: "surface hardness", unit: "HRC", limit: 58 },
  { name: "dimensional tolerance", unit: "mm", limit: 0.05 },
] as const;

const DELIVERY_ERRORS: Record<string, readonly string[]> = {
  MES: ["MES API returned 503 Service Unavailable", "MES API timed out after 30000 ms"],
  ERP: ["ERP BAPI call failed: lock on material master (M3 897)", "ERP gateway returned 502 Bad Gateway"],
  QMS: ["QMS API returned 503 Service Unavailable", "QMS rejected payload: unknown inspection plan"],
  WMS: ["WMS API returned 429 Too Many Requests"],
  ANALYTICS: ["analytics webhook returned 500 Internal Server Error"],
};

interface Keys {
  correlationid: string;
  traceId: string;
  lotid?: string;
  orderid?: string;
}

class InstanceBuilder {
  readonly events: ScheduledEvent[] = [];

  constructor(
    private readonly ctx: InstanceContext,
    private readonly keys: Keys,
  ) {}

  emit(at: number, system: SourceSystem, type: string, data: Record<string, unknown>, extra: Partial<CloudEvent> = {}): void {
    const { rng, plant } = this.ctx;
    const event: CloudEvent = {
      specversion: "1.0",
      id: `evt-${rng.hex(20)}`,
      source: `/plants/${plant}/${system.toLowerCase()}`,
      type,
      time: new Date(at).toISOString(),
      datacontenttype: "application/json",
      correlationid: this.keys.correlationid,
      plant,
      sourcesystem: system,
      traceparent: `00-${this.keys.traceId}-${rng.hex(16)}-01`,
      ...(this.keys.lotid ? { lotid: this.keys.lotid } : {}),
      ...(this.keys.orderid ? { orderid: this.keys.orderid } : {}),
      data,
      ...extra,
    };
    this.events.push({ due: at, event });
  }

  /**
   * One message through the middleware: received, transformed, then delivered — or failed,
   * retried and either recovered or dead-lettered. Returns when the target has it, or null.
   */
  deliver(at: number, from: SourceSystem, to: SourceSystem, interfaceName: string): number | null {
    const { rng, failureRate } = this.ctx;
    const messageid = `msg-${rng.hex(16)}`;
    const base = { interface: interfaceName, from, to };
    let t = at + rng.int(20, 400);
    this.emit(t, "MIDDLEWARE", TELEMETRY_TYPES.received, base, { messageid });
    t += rng.int(5, 80);
    this.emit(t, "MIDDLEWARE", TELEMETRY_TYPES.transformed, { ...base, mapping: `${from}->${to} v${rng.int(1, 4)}` }, { messageid });
    if (!rng.chance(failureRate)) {
      const latency = rng.int(40, 900);
      t += latency;
      this.emit(t, "MIDDLEWARE", TELEMETRY_TYPES.delivered, { ...base, httpStatus: 200 }, { messageid, durationms: latency });
      return t;
    }
    const errors = DELIVERY_ERRORS[to] ?? ["target API returned 503 Service Unavailable"];
    const attempts = rng.int(1, 3);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const latency = rng.int(200, 30_000);
      t += latency;
      const errormessage = rng.pick(errors);
      this.emit(t, "MIDDLEWARE", TELEMETRY_TYPES.failed, { ...base, attempt }, { messageid, durationms: latency, errormessage });
      if (attempt < attempts) {
        t += rng.int(2_000, 30_000);
        this.emit(t, "MIDDLEWARE", TELEMETRY_TYPES.retried, { ...base, attempt: attempt + 1 }, { messageid });
      }
    }
    if (rng.chance(0.5)) {
      t += rng.int(5_000, 60_000);
      this.emit(t, "MIDDLEWARE", TELEMETRY_TYPES.retried, { ...base, attempt: attempts + 1 }, { messageid });
      const latency = rng.int(40, 900);
      t += latency;
      this.emit(t, "MIDDLEWARE", TELEMETRY_TYPES.delivered, { ...base, httpStatus: 200, attempt: attempts + 1 }, { messageid, durationms: latency });
      return t;
    }
    t += rng.int(100, 2_000);
    this.emit(t, "MIDDLEWARE", TELEMETRY_TYPES.deadLettered, { ...base, queue: `dlq.${interfaceName}`, attempts }, {
      messageid,
      errormessage: `moved to dlq.${interfaceName} after ${attempts} failed attempts`,
    });
    return null;
  }
}

function newKeys(ctx: InstanceContext, extra: Omit<Keys, "correlationid" | "traceId"> = {}): Keys {
  return { correlationid: `corr-${ctx.rng.hex(16)}`, traceId: ctx.rng.hex(32), ...extra };
}

/** A hand-off that is occasionally late enough to breach its SLA. */
function handOffDelay(rng: Rng, typicalMs: [number, number], lateMs: [number, number]): number {
  return rng.chance(0.06) ? rng.int(...lateMs) : rng.int(...typicalMs);
}

/** ERP releases a production order → middleware → MES receives and acknowledges it (SLA: ack ≤ 2 min). */
export function orderReleaseToMes(ctx: InstanceContext): ScheduledEvent[] {
  const { rng, plant } = ctx;
  const orderid = ctx.nextOrderId(plant);
  const b = new InstanceBuilder(ctx, newKeys(ctx, { orderid }));
  const product = rng.pick(PRODUCTS);
  b.emit(ctx.start, "ERP", BUSINESS_TYPES.orderReleased, {
    item: product,
    quantity: rng.int(50, 2_000),
    uom: "EA",
    bomRevision: `B${rng.int(1, 9)}`,
    routingRevision: `R${rng.int(1, 5)}`,
    line: `${plant}-L${rng.int(1, 4)}`,
  });
  const delivered = b.deliver(ctx.start, "ERP", "MES", "erp-mes-order");
  if (delivered !== null) {
    const received = delivered + rng.int(30, 500);
    b.emit(received, "MES", BUSINESS_TYPES.orderReceived, { item: product });
    b.emit(received + handOffDelay(rng, [500, 20_000], [150_000, 300_000]), "MES", BUSINESS_TYPES.orderAcknowledged, { item: product, scheduled: true });
  }
  return b.events;
}

/** QMS fails an inspection → middleware → ERP posts the hold → MES flags work orders → analytics (SLA: hold ≤ 5 min). */
export function inspectionToHold(ctx: InstanceContext): ScheduledEvent[] {
  const { rng, plant } = ctx;
  const lotid = ctx.knownLot(plant) ?? ctx.nextLotId(plant);
  const orderid = ctx.nextOrderId(plant);
  const b = new InstanceBuilder(ctx, newKeys(ctx, { lotid, orderid }));
  const characteristic = rng.pick(CHARACTERISTICS);
  const measured = Math.round(characteristic.limit * (1 + rng.int(3, 25) / 100) * 1000) / 1000;
  b.emit(ctx.start, "QMS", BUSINESS_TYPES.inspectionFailed, {
    characteristic: characteristic.name,
    measured,
    limit: characteristic.limit,
    unit: characteristic.unit,
    inspectionLot: `IL-${rng.int(100_000, 999_999)}`,
  });
  const delivered = b.deliver(ctx.start, "QMS", "ERP", "qms-erp-hold");
  if (delivered !== null) {
    const held = delivered + handOffDelay(rng, [300, 40_000], [360_000, 900_000]);
    b.emit(held, "ERP", BUSINESS_TYPES.holdPlaced, { stockStatus: "blocked", reason: `failed ${characteristic.name}` });
    b.emit(held + rng.int(500, 15_000), "MES", BUSINESS_TYPES.workOrderFlagged, { workOrders: [orderid], action: "stop consumption" });
    b.emit(held + rng.int(20_000, 90_000), "ANALYTICS", BUSINESS_TYPES.analyticsRefreshed, { dataset: "quality-holds" });
  }
  return b.events;
}

/** ERP posts a supplier receipt → middleware → QMS creates the inspection record → result → stock status. */
export function receiptToInspection(ctx: InstanceContext): ScheduledEvent[] {
  const { rng, plant } = ctx;
  const lotid = ctx.nextLotId(plant);
  const b = new InstanceBuilder(ctx, newKeys(ctx, { lotid }));
  const material = rng.pick(ITEMS);
  b.emit(ctx.start, "ERP", BUSINESS_TYPES.lotReceived, {
    item: material.item,
    description: material.description,
    supplier: material.supplier,
    supplierLot: `S${rng.hex(8).toUpperCase()}`,
    quantity: rng.int(100, 20_000),
    uom: material.uom,
  });
  ctx.rememberLot(plant, lotid);
  const delivered = b.deliver(ctx.start, "ERP", "QMS", "erp-qms-receipt");
  if (delivered !== null) {
    const created = delivered + handOffDelay(rng, [200, 30_000], [600_000, 1_200_000]);
    b.emit(created, "QMS", BUSINESS_TYPES.inspectionCreated, { item: material.item, plan: `IP-${material.item}` });
    const result = created + rng.int(30_000, 180_000);
    b.emit(result, "QMS", BUSINESS_TYPES.inspectionPassed, { item: material.item, usageDecision: "A" });
    b.emit(result + rng.int(500, 20_000), "ERP", BUSINESS_TYPES.stockStatusUpdated, { stockStatus: "unrestricted" });
  }
  return b.events;
}

export const WORKFLOW_BUILDERS: Record<WorkflowName, (ctx: InstanceContext) => ScheduledEvent[]> = {
  "order-release-to-mes": orderReleaseToMes,
  "inspection-to-hold": inspectionToHold,
  "receipt-to-inspection": receiptToInspection,
};
