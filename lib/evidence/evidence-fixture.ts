import { walkGenealogy, type GenealogyEdge } from "../genealogy/trace-genealogy";
import type { LotFacts } from "../queries/get-lot-facts";
import type { LotStatusRow } from "../queries/get-lot-statuses";
import type { TraceEvent } from "../queries/get-trace";
import type { EvidenceInput } from "./evidence-pack";

/**
 * A small recall: finished lot FG (P100) made from sub-assembly SUB (P100), made from supplier
 * lots RAW1 (P100) and RAW2 (P200, a merge); FG shipped as SHP. Correlation c1 carried FG (a
 * failed inspection whose hold reached ERP on the second attempt), c2 carried SUB (a message
 * dead-lettered, then replayed and delivered), c3 carried RAW2 at plant P200.
 */
const T = (minute: number, ms = 0) => new Date(Date.UTC(2026, 10, 24, 8, minute, 0, ms)).toISOString();

const edge = (from: string, to: string, operation: string): GenealogyEdge => ({ from, to, operation, orderId: `PO-${to}`, quantity: 10, uom: "KG", time: T(1) });
export const EDGES = [edge("RAW1", "SUB", "merge"), edge("RAW2", "SUB", "merge"), edge("SUB", "FG", "assemble"), edge("FG", "SHP", "ship")];

const facts = (lotId: string, plant: string, extra: Partial<LotFacts> = {}): LotFacts => ({
  lotId,
  item: `ITEM-${lotId}`,
  description: "",
  plant,
  quantity: 10,
  uom: "KG",
  supplier: "",
  supplierLot: "",
  customer: "",
  isShipment: false,
  producedByOrder: "",
  firstSeen: T(0),
  lastSeen: T(30),
  ...extra,
});

export const FACTS = new Map<string, LotFacts>([
  ["FG", facts("FG", "P100", { producedByOrder: "PO-FG" })],
  ["SUB", facts("SUB", "P100")],
  ["RAW1", facts("RAW1", "P100", { supplier: "Polymer Supply GmbH", supplierLot: "S-1" })],
  ["RAW2", facts("RAW2", "P200", { supplier: "Nordic Steel AB", supplierLot: "S-2" })],
  ["SHP", facts("SHP", "P100", { isShipment: true, customer: "Aquaflow Inc." })],
]);

const status = (lotId: string, system: string, st: string, minute: number): LotStatusRow => ({ lotId, system, status: st, type: "mfg.stock.status_updated", time: T(minute), eventId: `st-${lotId}-${system}-${minute}` });
export const STATUS_HISTORY: LotStatusRow[] = [
  status("FG", "ERP", "posted", 2),
  status("FG", "QMS", "rejected", 3),
  status("FG", "ERP", "blocked", 6),
  status("SUB", "ERP", "unrestricted", 1),
  status("RAW2", "QMS", "released", 0),
];

let seq = 0;
export function event(correlationId: string, minute: number, system: string, type: string, fields: Partial<TraceEvent> = {}): TraceEvent {
  seq++;
  return {
    id: `evt-${String(seq).padStart(3, "0")}`,
    time: T(minute, seq),
    correlationId,
    system,
    plant: "P100",
    type,
    kind: type.startsWith("integration.") ? "telemetry" : "business",
    status: "ok",
    lotId: "",
    orderId: "",
    messageId: "",
    traceId: "",
    spanId: "",
    durationMs: 0,
    error: "",
    source: `/plants/P100/${system.toLowerCase()}`,
    payload: "{}",
    ...fields,
  };
}

const route = (extra: Record<string, unknown> = {}) => JSON.stringify({ interface: "qms-erp-hold", from: "QMS", to: "ERP", token: "secret-123", ...extra });
const sub = (extra: Record<string, unknown> = {}) => JSON.stringify({ interface: "mes-erp-confirmation", from: "MES", to: "ERP", ...extra });

export const EVENTS: TraceEvent[] = [
  event("c1", 3, "QMS", "mfg.inspection.failed", { lotId: "FG", payload: JSON.stringify({ characteristic: "hardness", inspector: { email: "qa@example.com" } }) }),
  event("c1", 3, "MIDDLEWARE", "integration.message.received", { lotId: "FG", messageId: "m1", payload: route() }),
  event("c1", 3, "MIDDLEWARE", "integration.message.failed", {
    lotId: "FG",
    messageId: "m1",
    status: "failed",
    error: '=ERP said "no", try later\nagain',
    payload: route({ attempt: 1, httpStatus: 503 }),
  }),
  event("c1", 4, "MIDDLEWARE", "integration.message.retried", { lotId: "FG", messageId: "m1", status: "retrying", payload: route({ attempt: 2 }) }),
  event("c1", 5, "MIDDLEWARE", "integration.message.delivered", { lotId: "FG", messageId: "m1", payload: route({ attempt: 2, httpStatus: 201 }) }),
  event("c1", 6, "ERP", "mfg.hold.placed", { lotId: "FG" }),
  event("c2", 10, "MIDDLEWARE", "integration.message.received", { lotId: "SUB", messageId: "m2", payload: sub() }),
  event("c2", 10, "MIDDLEWARE", "integration.message.failed", { lotId: "SUB", messageId: "m2", status: "failed", error: "timeout", payload: sub({ attempt: 1 }) }),
  event("c2", 11, "MIDDLEWARE", "integration.message.deadlettered", { lotId: "SUB", messageId: "m2", status: "dead_lettered", payload: sub({ attempts: 1, queue: "dlq.mes-erp" }) }),
  event("c2", 20, "MIDDLEWARE", "integration.message.replayed", { lotId: "SUB", messageId: "m2", payload: sub({ replayedBy: "ops@example.com" }) }),
  event("c2", 20, "MIDDLEWARE", "integration.message.delivered", { lotId: "SUB", messageId: "m2", payload: sub({ attempt: 2 }) }),
  event("c3", 0, "MIDDLEWARE", "integration.message.received", { lotId: "RAW2", messageId: "m3", plant: "P200", payload: route() }),
];

export async function evidenceInput(overrides: Partial<EvidenceInput> = {}, maxLots?: number): Promise<EvidenceInput> {
  const depth = overrides.depth ?? 10;
  const read = async (direction: "backward" | "forward", lots: readonly string[]) => EDGES.filter((e) => lots.includes(direction === "forward" ? e.from : e.to));
  const [backward, forward] = await Promise.all([walkGenealogy(read, "FG", "backward", depth, maxLots), walkGenealogy(read, "FG", "forward", depth, maxLots)]);
  return {
    lotId: "FG",
    depth,
    generatedAt: "2026-11-24T09:05:42.123Z",
    generatedBy: "admin@example.test",
    role: "admin",
    plants: null,
    canReadPayload: true,
    redactFields: ["token", "email"],
    backward,
    forward,
    facts: FACTS,
    statusHistory: STATUS_HISTORY,
    traces: new Map([
      ["FG", ["c1"]],
      ["SUB", ["c2"]],
      ["RAW2", ["c3"]],
    ]),
    tracesTruncated: false,
    events: EVENTS,
    eventsTruncated: false,
    ...overrides,
  };
}
