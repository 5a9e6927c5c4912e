import type { SourceSystem } from "../../lib/events/contract";

/** Master data of the simulated estate: what is bought, made, inspected, and how the interfaces fail. */

export interface Material {
  item: string;
  description: string;
  uom: "KG" | "EA" | "M";
  supplier: string;
}

export const PURCHASED_MATERIALS: readonly Material[] = [
  { item: "RES-PA66-GF30", description: "PA66 resin, 30% glass fibre", uom: "KG", supplier: "Polymer Supply GmbH" },
  { item: "STL-COIL-DC04", description: "Cold-rolled steel coil DC04", uom: "KG", supplier: "Nordic Steel AB" },
  { item: "PCB-CTRL-7", description: "Controller PCB rev 7", uom: "EA", supplier: "Circuit Works Ltd" },
  { item: "SEAL-EPDM-40", description: "EPDM seal 40 mm", uom: "EA", supplier: "Elastomer Partners" },
  { item: "CBL-LIYY-4X05", description: "Control cable LiYY 4x0.5", uom: "M", supplier: "Kabelwerk Süd" },
];

/**
 * What the plants make, by bill-of-material level: level-1 intermediates are made from
 * purchased lots, each level from lots of the level below, and finished goods (level 3) are
 * shipped — five genealogy levels from supplier lot to shipment.
 */
export const MANUFACTURED: readonly { item: string; level: 1 | 2 | 3; description: string }[] = [
  { item: "BLANK-HSG-200", level: 1, description: "Moulded housing blank" },
  { item: "PCBA-CTRL-7", level: 1, description: "Assembled controller board" },
  { item: "SUB-MOTOR-80", level: 2, description: "Motor sub-assembly 80 W" },
  { item: "VALVE-ASSY-3", level: 2, description: "Valve assembly DN3" },
  { item: "HSG-PUMP-200", level: 3, description: "Pump housing unit 200" },
  { item: "CTRL-UNIT-5", level: 3, description: "Control unit series 5" },
];

export const PRODUCTS: readonly string[] = MANUFACTURED.map((m) => m.item);

export const CUSTOMERS: readonly string[] = ["Hydra Systems AG", "Aquaflow Inc.", "Nordpump AS", "Vento Industrial SpA"];

export const EQUIPMENT: readonly string[] = ["press", "moulding machine", "SMT line", "test bench", "CNC mill"];

export interface Characteristic {
  name: string;
  unit: string;
  limit: number;
  /** Whether a measurement above the limit (true) or below it (false) fails. */
  upper: boolean;
}

export const CHARACTERISTICS: readonly Characteristic[] = [
  { name: "tensile strength", unit: "MPa", limit: 160, upper: false },
  { name: "moisture content", unit: "%", limit: 0.2, upper: true },
  { name: "surface hardness", unit: "HRC", limit: 58, upper: true },
  { name: "bore diameter deviation", unit: "mm", limit: 0.05, upper: true },
  { name: "leak rate", unit: "mbar·l/s", limit: 0.001, upper: true },
];

export interface Interface {
  name: string;
  from: SourceSystem;
  to: SourceSystem;
  endpoint: string;
}

export const INTERFACES = {
  orderRelease: { name: "erp-mes-order", from: "ERP", to: "MES", endpoint: "POST /mes/api/v2/production-orders" },
  inspectionResult: { name: "qms-erp-hold", from: "QMS", to: "ERP", endpoint: "POST /sap/opu/odata/QM_HOLD_SRV/Holds" },
  goodsReceipt: { name: "erp-qms-receipt", from: "ERP", to: "QMS", endpoint: "POST /qms/api/inspection-lots" },
  confirmation: { name: "mes-erp-confirmation", from: "MES", to: "ERP", endpoint: "POST /sap/opu/odata/PP_CONF_SRV/Confirmations" },
  disposition: { name: "qms-erp-disposition", from: "QMS", to: "ERP", endpoint: "POST /sap/opu/odata/QM_UD_SRV/UsageDecisions" },
  shipment: { name: "wms-erp-delivery", from: "WMS", to: "ERP", endpoint: "POST /sap/opu/odata/LE_DLV_SRV/Deliveries" },
  capa: { name: "qms-erp-supplier", from: "QMS", to: "ERP", endpoint: "POST /sap/opu/odata/MM_SUPPL_SRV/SupplierStatus" },
  downtime: { name: "cmms-erp-capacity", from: "CMMS", to: "ERP", endpoint: "POST /sap/opu/odata/PP_CAPA_SRV/Capacities" },
} as const satisfies Record<string, Interface>;

export interface DeliveryError {
  message: string;
  httpStatus: number;
  /** How long the failing call took, in ms. */
  latency: readonly [number, number];
}

export const DELIVERY_ERRORS: Partial<Record<SourceSystem, readonly DeliveryError[]>> = {
  MES: [
    { message: "MES API returned 503 Service Unavailable", httpStatus: 503, latency: [20, 400] },
    { message: "MES API timed out after 30000 ms", httpStatus: 504, latency: [30_000, 30_000] },
    { message: "MES rejected order: routing revision not released (422)", httpStatus: 422, latency: [60, 300] },
  ],
  ERP: [
    { message: "ERP gateway returned 502 Bad Gateway", httpStatus: 502, latency: [30, 900] },
    { message: "ERP BAPI error: material master locked by another user (M3 897)", httpStatus: 500, latency: [400, 2_500] },
    { message: "ERP API returned 429 Too Many Requests", httpStatus: 429, latency: [10, 80] },
  ],
  QMS: [
    { message: "QMS API returned 503 Service Unavailable", httpStatus: 503, latency: [20, 400] },
    { message: "QMS rejected payload: no inspection plan for material (422)", httpStatus: 422, latency: [50, 250] },
  ],
};

export const FALLBACK_DELIVERY_ERROR: DeliveryError = { message: "target API returned 503 Service Unavailable", httpStatus: 503, latency: [20, 400] };
