import { BUSINESS_TYPES, WORKFLOWS, type WorkflowName } from "../workflows/catalog";
import type { Impact } from "./impact-model";

/**
 * Quality risk of an exception: what can go wrong on the shop floor or at the customer while it
 * stays open.
 * - critical: the hand-offs that block or release stock (inspection result → hold, disposition →
 *   release, stock status, the MES work-order stop). A missing hold lets bad stock be consumed
 *   and shipped; a missing release is stock wrongly blocked. Systems that disagree on a lot's
 *   status (divergence) are the same failure seen from the lot.
 * - high: the flow of orders and goods (order release, production confirmation, goods receipt
 *   into inspection, shipment and delivery): wrong inventory, late orders, but no bad stock moves.
 * - normal: planning and supplier master data (capacity, downtime, CAPA, warehouse tasks).
 * - low: reporting and notifications (analytics refresh, customer or supplier notified).
 */
export type QualityRisk = "critical" | "high" | "normal" | "low";

export const QUALITY_RISKS: readonly QualityRisk[] = ["critical", "high", "normal", "low"];

/** What an exception says about itself; `interface` is the integration interface name, or the definition key for SLA kinds. */
export interface RiskInput {
  interface: string;
  kind: string;
  type?: string;
}

const T = BUSINESS_TYPES;

/** The most specific word: the event type the exception is about (a breached stage, a dead-lettered message's trigger). */
const RISK_BY_TYPE: Readonly<Record<string, QualityRisk>> = {
  [T.inspectionFailed]: "critical",
  [T.inspectionPassed]: "critical",
  [T.holdPlaced]: "critical",
  [T.dispositionApproved]: "critical",
  [T.stockStatusUpdated]: "critical",
  [T.workOrderFlagged]: "critical",
  [T.orderReleased]: "high",
  [T.orderReceived]: "high",
  [T.orderAcknowledged]: "high",
  [T.lotReceived]: "high",
  [T.inspectionCreated]: "high",
  [T.lotConsumed]: "high",
  [T.lotProduced]: "high",
  [T.confirmationPosted]: "high",
  [T.shipmentConfirmed]: "high",
  [T.deliveryPosted]: "high",
  [T.goodsMoved]: "normal",
  [T.warehouseTasksReleased]: "normal",
  [T.capaClosed]: "normal",
  [T.supplierStatusUpdated]: "normal",
  [T.downtimeReported]: "normal",
  [T.capacityUpdated]: "normal",
  [T.analyticsRefreshed]: "low",
  [T.customerNotified]: "low",
  [T.supplierNotified]: "low",
};

/**
 * The integration interfaces of the reference estate by name (ingest/simulator/catalog.ts
 * INTERFACES; the unit test keeps the two in step: lib does not import the simulator).
 */
const RISK_BY_INTERFACE: Readonly<Record<string, QualityRisk>> = {
  "qms-erp-hold": "critical",
  "qms-erp-disposition": "critical",
  "erp-mes-order": "high",
  "erp-qms-receipt": "high",
  "mes-erp-confirmation": "high",
  "wms-erp-delivery": "high",
  "qms-erp-supplier": "normal",
  "cmms-erp-capacity": "normal",
};

/** The hand-off each default workflow hinges on: an SLA breach, burn or non-event of the workflow carries its risk. */
export const INTERFACE_OF_WORKFLOW: Readonly<Record<WorkflowName, string>> = {
  "receipt-to-inspection": "erp-qms-receipt",
  "order-release-to-mes": "erp-mes-order",
  "confirmation-to-inventory": "mes-erp-confirmation",
  "inspection-to-hold": "qms-erp-hold",
  "disposition-to-release": "qms-erp-disposition",
  "order-to-shipment": "wms-erp-delivery",
  "supplier-capa-sync": "qms-erp-supplier",
  "downtime-to-planning": "cmms-erp-capacity",
};

/** The default non-event definitions (lib/workflows/definition-spec.ts). */
const RISK_BY_DEFINITION: Readonly<Record<string, QualityRisk>> = {
  ...Object.fromEntries(WORKFLOWS.map((w) => [w, RISK_BY_INTERFACE[INTERFACE_OF_WORKFLOW[w]]!])),
  "order-ack-missing": "high",
  "confirmations-stalled": "high",
};

/**
 * Interfaces and definitions an estate names itself (`sap-qm-hold-v2`, `mes-batch-release`):
 * judged by the words in the name, first match wins, so quality words beat order words.
 */
const RISK_BY_WORD: readonly (readonly [RegExp, QualityRisk])[] = [
  [/order[-_ ]?release|release[-_ ]?order/i, "high"],
  [/hold|release|disposition|usage-?decision|inspection|quality|qm|stock|block|quarantine|recall/i, "critical"],
  [/order|confirm|receipt|goods|ship|deliver|dispatch|production|inventory/i, "high"],
  [/capa|supplier|capacity|downtime|maintenance|plan|warehouse|task/i, "normal"],
  [/analytic|refresh|report|dashboard|notif|portal|email|mail|export/i, "low"],
];

/**
 * The quality risk of an exception, from the most specific thing known: its event type, then
 * its interface or definition, then the words of that name; an unknown name is normal. Lots
 * whose systems disagree are critical whatever else is said about them.
 */
export function qualityRiskOf(e: RiskInput): QualityRisk {
  if (e.kind === "divergence") return "critical";
  if (e.type !== undefined && RISK_BY_TYPE[e.type]) return RISK_BY_TYPE[e.type]!;
  const known = RISK_BY_INTERFACE[e.interface] ?? RISK_BY_DEFINITION[e.interface];
  if (known) return known;
  return RISK_BY_WORD.find(([pattern]) => pattern.test(e.interface))?.[1] ?? "normal";
}

const TIER: Readonly<Record<QualityRisk, number>> = { critical: 3, high: 2, normal: 1, low: 0 };

/** Room for the impact part of a score inside one risk tier. */
export const TIER_SPAN = 1_000_000;

/**
 * Impact weights: a shipment has left the plant, a customer is outside it; a lot or order is
 * still ours to stop.
 */
const WEIGHTS = { lots: 1, orders: 1, shipments: 3, customers: 10 } as const;

/**
 * Priority of an exception or group: higher first. Risk dominates: every critical outranks every
 * high, whatever the impact — a critical with one lot outranks a low with 1,000 lots, since a
 * hold that never arrived lets bad stock move (and genealogy counts are capped, so the impact of
 * the worst cases is the least exact). Within a tier the score grows with
 * log10(1 + lots + orders + 3·shipments + 10·customers), so an order of magnitude more impact
 * is a fixed step, and it never reaches the next tier. Monotone: more of anything, or a higher
 * risk, never lowers the score.
 */
export function priorityScore(impact: Pick<Impact, "lots" | "orders" | "shipments" | "customers">, risk: QualityRisk): number {
  const weighted =
    WEIGHTS.lots * nonNegative(impact.lots) + WEIGHTS.orders * nonNegative(impact.orders) + WEIGHTS.shipments * nonNegative(impact.shipments) + WEIGHTS.customers * nonNegative(impact.customers);
  const withinTier = Math.min(TIER_SPAN - 1, Math.round(100_000 * Math.log10(1 + weighted)));
  return TIER[risk] * TIER_SPAN + withinTier;
}

function nonNegative(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}
