/** Event types and the default workflow definitions (product brief); the UI, the simulator and tests refer to them by these names. */

export const BUSINESS_TYPES = {
  orderReleased: "mfg.order.released",
  orderReceived: "mfg.order.received",
  orderAcknowledged: "mfg.order.acknowledged",
  lotReceived: "mfg.lot.received",
  goodsMoved: "mfg.goods.moved",
  inspectionCreated: "mfg.inspection.created",
  inspectionPassed: "mfg.inspection.passed",
  inspectionFailed: "mfg.inspection.failed",
  stockStatusUpdated: "mfg.stock.status_updated",
  lotConsumed: "mfg.lot.consumed",
  lotProduced: "mfg.lot.produced",
  confirmationPosted: "mfg.confirmation.posted",
  holdPlaced: "mfg.hold.placed",
  workOrderFlagged: "mfg.workorder.flagged",
  analyticsRefreshed: "mfg.analytics.refreshed",
  dispositionApproved: "mfg.disposition.approved",
  warehouseTasksReleased: "mfg.warehouse.tasks_released",
  customerNotified: "mfg.customer.notified",
  shipmentConfirmed: "mfg.shipment.confirmed",
  deliveryPosted: "mfg.delivery.posted",
  capaClosed: "mfg.capa.closed",
  supplierStatusUpdated: "mfg.supplier.status_updated",
  supplierNotified: "mfg.supplier.notified",
  downtimeReported: "mfg.downtime.reported",
  capacityUpdated: "mfg.capacity.updated",
} as const;
export type BusinessType = (typeof BUSINESS_TYPES)[keyof typeof BUSINESS_TYPES];

/** How a lot came from its parents: `produce` is a production step from one input lot. */
export type LotOperation = "produce" | "assemble" | "split" | "merge" | "rework" | "ship";

/**
 * Lot genealogy in event payloads. `mfg.lot.produced` and `mfg.shipment.confirmed` carry the
 * child in `lotid` (a lot, or a shipment id) and its parents in
 * `data.inputs: [{ lotId, quantity, uom }]` (quantity taken from each parent), with
 * `data.operation`. `mfg.lot.consumed` carries the parent in `lotid` and the lot it went into in
 * `data.outputs` (same shape, quantity produced), with the same operation. A split is several
 * produced lots with one parent; a merge one produced lot of the same item from several.
 */
export interface LotQuantity {
  lotId: string;
  quantity: number;
  uom: string;
}

export const TELEMETRY_TYPES = {
  received: "integration.message.received",
  transformed: "integration.message.transformed",
  delivered: "integration.message.delivered",
  failed: "integration.message.failed",
  retried: "integration.message.retried",
  deadLettered: "integration.message.deadlettered",
  /** A dead-lettered or failed message sent again; the simulator never replays, an integration layer (or Lotline's replay) may. */
  replayed: "integration.message.replayed",
} as const;
export type TelemetryType = (typeof TELEMETRY_TYPES)[keyof typeof TELEMETRY_TYPES];

export type SimulatedEventType = BusinessType | TelemetryType;

export const WORKFLOWS = [
  "receipt-to-inspection",
  "order-release-to-mes",
  "confirmation-to-inventory",
  "inspection-to-hold",
  "disposition-to-release",
  "order-to-shipment",
  "supplier-capa-sync",
  "downtime-to-planning",
] as const;
export type WorkflowName = (typeof WORKFLOWS)[number];

/**
 * The business steps of each workflow in the order they happen (the first is the trigger; a
 * step may repeat, e.g. one consumption per input lot). Middleware telemetry for the hand-off
 * sits between the trigger side and the target side; when the message is dead-lettered the
 * target side never happens.
 */
export const WORKFLOW_STEPS = {
  "receipt-to-inspection": [
    BUSINESS_TYPES.lotReceived,
    BUSINESS_TYPES.inspectionCreated,
    BUSINESS_TYPES.inspectionPassed,
    BUSINESS_TYPES.stockStatusUpdated,
    BUSINESS_TYPES.goodsMoved,
  ],
  "order-release-to-mes": [BUSINESS_TYPES.orderReleased, BUSINESS_TYPES.orderReceived, BUSINESS_TYPES.orderAcknowledged],
  "confirmation-to-inventory": [BUSINESS_TYPES.lotConsumed, BUSINESS_TYPES.lotProduced, BUSINESS_TYPES.confirmationPosted],
  "inspection-to-hold": [BUSINESS_TYPES.inspectionFailed, BUSINESS_TYPES.holdPlaced, BUSINESS_TYPES.workOrderFlagged, BUSINESS_TYPES.analyticsRefreshed],
  "disposition-to-release": [BUSINESS_TYPES.dispositionApproved, BUSINESS_TYPES.stockStatusUpdated, BUSINESS_TYPES.warehouseTasksReleased, BUSINESS_TYPES.customerNotified],
  "order-to-shipment": [BUSINESS_TYPES.shipmentConfirmed, BUSINESS_TYPES.deliveryPosted, BUSINESS_TYPES.customerNotified],
  "supplier-capa-sync": [BUSINESS_TYPES.capaClosed, BUSINESS_TYPES.supplierStatusUpdated, BUSINESS_TYPES.supplierNotified],
  "downtime-to-planning": [BUSINESS_TYPES.downtimeReported, BUSINESS_TYPES.capacityUpdated],
} as const satisfies Record<WorkflowName, readonly BusinessType[]>;

/** How many leading steps of WORKFLOW_STEPS happen before the middleware hand-off. */
export const STEPS_BEFORE_HANDOFF = {
  "receipt-to-inspection": 1,
  "order-release-to-mes": 1,
  "confirmation-to-inventory": 2,
  "inspection-to-hold": 1,
  "disposition-to-release": 1,
  "order-to-shipment": 1,
  "supplier-capa-sync": 1,
  "downtime-to-planning": 1,
} as const satisfies Record<WorkflowName, number>;

/** SLA targets from the product brief, from the trigger to the step that closes the SLA. */
export const WORKFLOW_SLAS = {
  "receipt-to-inspection": { until: BUSINESS_TYPES.inspectionCreated, ms: 10 * 60_000 },
  "order-release-to-mes": { until: BUSINESS_TYPES.orderAcknowledged, ms: 2 * 60_000 },
  "confirmation-to-inventory": { until: BUSINESS_TYPES.confirmationPosted, ms: 15 * 60_000 },
  "inspection-to-hold": { until: BUSINESS_TYPES.holdPlaced, ms: 5 * 60_000 },
  "disposition-to-release": { until: BUSINESS_TYPES.stockStatusUpdated, ms: 15 * 60_000 },
  "order-to-shipment": { until: BUSINESS_TYPES.deliveryPosted, ms: 30 * 60_000 },
  "supplier-capa-sync": { until: BUSINESS_TYPES.supplierStatusUpdated, ms: 60 * 60_000 },
  "downtime-to-planning": { until: BUSINESS_TYPES.capacityUpdated, ms: 15 * 60_000 },
} as const satisfies Record<WorkflowName, { until: BusinessType; ms: number }>;
