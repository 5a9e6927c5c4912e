import { z } from "zod";
import type { RoleName } from "../auth/roles";
import { plantInScope } from "../auth/plant-scope";
import { genealogyNodes } from "../genealogy/genealogy-nodes";
import type { GraphData } from "../genealogy/graph-model";
import { GENEALOGY_MAX_DEPTH, type GenealogyWalk } from "../genealogy/trace-genealogy";
import { divergenceOf, latestBySystem, type Divergence, type SystemStatus } from "../lots/divergence";
import type { LotFacts } from "../queries/get-lot-facts";
import type { LotStatusRow } from "../queries/get-lot-statuses";
import type { TraceEvent } from "../queries/get-trace";
import { redactPayload } from "../trace/redact";
import { summarizeMessages, type MessageSummary } from "./message-summary";

/**
 * Bounds of one pack, so a resin lot that fed thousands of finished lots still answers: the
 * genealogy stops adding lots per direction, each lot contributes its newest correlation ids up
 * to a share, and the whole pack stops at a number of correlation ids and events. The manifest
 * says which bound was hit.
 */
export const EVIDENCE_LIMITS = { lotsPerDirection: 2_000, tracesPerLot: 200, traces: 5_000, events: 50_000 } as const;
export type EvidenceLimits = { [K in keyof typeof EVIDENCE_LIMITS]: number };

export const evidenceParamsSchema = z.object({
  // A recall wants the whole graph: the deepest walk the genealogy allows is the default.
  depth: z.coerce.number().int().min(1).max(GENEALOGY_MAX_DEPTH).default(GENEALOGY_MAX_DEPTH),
});

export const EVIDENCE_DIRECTIONS = ["backward", "forward"] as const;

export interface EvidenceLot extends LotFacts {
  statusBySystem: Record<string, SystemStatus>;
  divergence: Divergence;
}

export interface StatusHistoryEntry {
  lotId: string;
  system: string;
  time: string;
  status: string;
  type: string;
  eventId: string;
}

export type EvidenceEvent = Omit<TraceEvent, "payload"> & { payload?: string };

export interface EvidenceTruncation {
  /** The genealogy reached the lot bound in this direction: lots beyond it are missing. */
  backward: boolean;
  forward: boolean;
  /** Some lots' correlation ids were left out (per-lot or total bound): their messages are missing. */
  traces: boolean;
  /** The events bound was reached: the last correlation ids' events and messages may be incomplete. */
  events: boolean;
}

export interface EvidencePack {
  lotId: string;
  generatedAt: string;
  generatedBy: string;
  role: RoleName;
  /** The plants the pack was cut to; null: every plant. */
  plantScope: string[] | null;
  depth: number;
  lot: EvidenceLot;
  genealogy: { backward: GraphData; forward: GraphData };
  statusHistory: StatusHistoryEntry[];
  messages: MessageSummary[];
  events: EvidenceEvent[];
  /** Lots of plants outside the scope: in the genealogy with their id only. */
  restrictedLots: string[];
  /** Lots at the depth limit that lead further, per direction. */
  beyondDepth: { backward: string[]; forward: string[] };
  truncated: EvidenceTruncation;
  payloads: { included: boolean; redactedFields: string[] };
  limits: EvidenceLimits;
  notes: string[];
}

export interface EvidenceInput {
  lotId: string;
  depth: number;
  generatedAt: string;
  generatedBy: string;
  role: RoleName;
  plants: readonly string[] | null;
  canReadPayload: boolean;
  redactFields: readonly string[];
  backward: GenealogyWalk;
  forward: GenealogyWalk;
  facts: ReadonlyMap<string, LotFacts>;
  statusHistory: readonly LotStatusRow[];
  /** Correlation ids per lot, as selected by selectTraces. */
  traces: ReadonlyMap<string, readonly string[]>;
  tracesTruncated: boolean;
  /** Events of those correlation ids, at most limits.events of them. */
  events: readonly TraceEvent[];
  eventsTruncated: boolean;
  limits?: EvidenceLimits;
}

/** Every lot of both walks once: the root, then backward and forward by depth. */
export function packLots(backward: GenealogyWalk, forward: GenealogyWalk): string[] {
  const byDepth = (walk: GenealogyWalk) => [...walk.depths].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([lot]) => lot);
  return [...new Set([backward.root, ...byDepth(backward), ...byDepth(forward)])];
}

/** Lots whose details the actor may see: their plant is in scope, or no event named a plant. */
export function visibleLots(lots: readonly string[], facts: ReadonlyMap<string, LotFacts>, plants: readonly string[] | null): string[] {
  return lots.filter((lot) => plantInScope(plants, facts.get(lot)?.plant ?? ""));
}

/**
 * The correlation ids a pack reads, lots nearest the root first: each lot's newest `perLot`
 * (the query asked for one more, to tell when a lot has more), the whole pack at most `max`.
 */
export function selectTraces(
  lots: readonly string[],
  tracesByLot: ReadonlyMap<string, readonly string[]>,
  perLot: number,
  max: number,
): { traces: Map<string, string[]>; correlationIds: string[]; truncated: boolean } {
  const traces = new Map<string, string[]>();
  const chosen = new Set<string>();
  let truncated = false;
  for (const lot of lots) {
    const all = tracesByLot.get(lot) ?? [];
    if (all.length > perLot) truncated = true;
    const kept: string[] = [];
    for (const id of all.slice(0, perLot)) {
      if (!chosen.has(id) && chosen.size >= max) {
        truncated = true;
        continue;
      }
      chosen.add(id);
      kept.push(id);
    }
    if (kept.length > 0) traces.set(lot, kept);
  }
  return { traces, correlationIds: [...chosen], truncated };
}

function notes(pack: Omit<EvidencePack, "notes">): string[] {
  const out: string[] = [];
  const replays = pack.messages.reduce((n, m) => n + m.replays, 0);
  if (replays === 0) {
    out.push(
      "No message in this pack was replayed. Lotline cannot replay messages yet; replays the integration layer reports (integration.message.replayed) are counted in messages.csv, with who replayed them when the telemetry names them (replayedBy).",
    );
  } else {
    const unnamed = pack.messages.filter((m) => m.replays > 0 && m.replayedBy === "").length;
    if (unnamed > 0) out.push(`${unnamed} replayed message(s) do not say who replayed them: their replay telemetry carries no replayedBy field.`);
  }
  out.push("A message counts as acknowledged at the first event its target system reported on the same correlation id after the delivery.");
  if (pack.restrictedLots.length > 0) {
    out.push(`${pack.restrictedLots.length} lot(s) belong to plants outside ${pack.generatedBy}'s scope: they appear with their id only, without facts, status history or messages.`);
  }
  if (!pack.payloads.included) out.push(`Payloads are left out: the role ${pack.role} may not read them.`);
  else if (pack.payloads.redactedFields.length > 0) out.push(`Payload fields named ${pack.payloads.redactedFields.join(", ")} are masked as •••.`);
  for (const direction of EVIDENCE_DIRECTIONS) {
    if (pack.truncated[direction]) out.push(`The ${direction} genealogy stopped at ${pack.limits.lotsPerDirection} lots: lots beyond them are missing.`);
    const beyond = pack.beyondDepth[direction].length;
    if (beyond > 0) out.push(`${beyond} lot(s) at depth ${pack.depth} of the ${direction} genealogy lead further than the depth asked for.`);
  }
  if (pack.truncated.traces) out.push(`Not every correlation id is included: at most ${pack.limits.tracesPerLot} per lot (the newest) and ${pack.limits.traces} in all.`);
  if (pack.truncated.events) out.push(`The events stopped at ${pack.limits.events}: the messages of the last correlation ids may be incomplete.`);
  return out;
}

/** The recall evidence pack of a lot, from what the stores returned, cut to what the actor may see. */
export function buildEvidencePack(input: EvidenceInput): EvidencePack {
  const limits = input.limits ?? EVIDENCE_LIMITS;
  const lots = packLots(input.backward, input.forward);
  const visible = new Set(visibleLots(lots, input.facts, input.plants));
  const restrictedLots = lots.filter((lot) => !visible.has(lot));
  const order = new Map(lots.map((lot, i) => [lot, i]));

  const statusHistory = input.statusHistory
    .filter((s) => visible.has(s.lotId))
    .map(({ lotId, system, time, status, type, eventId }) => ({ lotId, system, time, status, type, eventId }))
    .sort((a, b) => (order.get(a.lotId) ?? 0) - (order.get(b.lotId) ?? 0) || a.time.localeCompare(b.time) || a.eventId.localeCompare(b.eventId));

  const lotsOfTrace = new Map<string, string[]>();
  for (const [lot, ids] of input.traces) {
    if (!visible.has(lot)) continue;
    for (const id of ids) lotsOfTrace.set(id, [...(lotsOfTrace.get(id) ?? []), lot]);
  }
  const redactFields = [...input.redactFields];
  const events = input.events
    .filter((e) => lotsOfTrace.has(e.correlationId) && plantInScope(input.plants, e.plant))
    .map((e) => ({ ...e, payload: redactPayload(e.payload, redactFields).payload }))
    .sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
  // Routes are read from the redacted payloads, so a masked field stays masked in the summary too.
  const messages = summarizeMessages(events, (id) => lotsOfTrace.get(id) ?? []);

  const rootFacts = input.facts.get(input.lotId) ?? emptyFacts(input.lotId);
  const rootHistory = statusHistory.filter((s) => s.lotId === input.lotId);
  const genealogy = (walk: GenealogyWalk): GraphData => ({
    root: input.lotId,
    direction: walk.direction,
    depth: input.depth,
    nodes: genealogyNodes(walk, input.facts, input.statusHistory, input.plants),
    edges: walk.edges,
    truncated: walk.truncated,
  });

  const pack: Omit<EvidencePack, "notes"> = {
    lotId: input.lotId,
    generatedAt: input.generatedAt,
    generatedBy: input.generatedBy,
    role: input.role,
    plantScope: input.plants === null ? null : [...input.plants],
    depth: input.depth,
    lot: { ...rootFacts, statusBySystem: latestBySystem(rootHistory), divergence: divergenceOf(rootHistory, Date.parse(input.generatedAt)) },
    genealogy: { backward: genealogy(input.backward), forward: genealogy(input.forward) },
    statusHistory,
    messages,
    events: input.canReadPayload ? events : events.map(({ payload: _payload, ...e }) => e),
    restrictedLots,
    beyondDepth: { backward: [...input.backward.frontier], forward: [...input.forward.frontier] },
    truncated: { backward: input.backward.truncated, forward: input.forward.truncated, traces: input.tracesTruncated, events: input.eventsTruncated },
    payloads: { included: input.canReadPayload, redactedFields: input.canReadPayload ? redactFields : [] },
    limits,
  };
  return { ...pack, notes: notes(pack) };
}

function emptyFacts(lotId: string): LotFacts {
  return { lotId, item: "", description: "", plant: "", quantity: 0, uom: "", supplier: "", supplierLot: "", customer: "", isShipment: false, producedByOrder: "", firstSeen: "", lastSeen: "" };
}
