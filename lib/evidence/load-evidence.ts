import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import type { Actor } from "../auth/actor";
import { hasPermission } from "../auth/roles";
import { getConfig } from "../config";
import { plantInScope } from "../auth/plant-scope";
import { walkGenealogy } from "../genealogy/trace-genealogy";
import { getGenealogyEdges } from "../queries/get-genealogy-edges";
import { getLotFacts } from "../queries/get-lot-facts";
import { getLotStatusHistory } from "../queries/get-lot-statuses";
import { getEventsOfTraces } from "../queries/get-trace";
import { tracesForKeys } from "../queries/traces-for-key";
import { buildEvidencePack, EVIDENCE_LIMITS, packLots, selectTraces, visibleLots, type EvidenceLimits, type EvidencePack } from "./evidence-pack";

export type EvidenceResult = { status: "not-found" } | { status: "forbidden"; plant: string } | { status: "ok"; pack: EvidencePack };

/**
 * Reads everything a lot's recall evidence pack holds, for the zip and the printable view alike:
 * the two genealogy walks (one read per level each, side by side), then the facts of every lot
 * reached, then — for the lots the actor may see — their status history and the correlation ids
 * naming them, and last the events of those correlation ids. Every read is batched by lot list.
 */
export async function loadEvidencePack(ch: ClickHouseClient, actor: Actor, lotId: string, depth: number, now = new Date(), limits: EvidenceLimits = EVIDENCE_LIMITS): Promise<EvidenceResult> {
  const [backward, forward] = await Promise.all([
    walkGenealogy((direction, lots) => getGenealogyEdges(ch, direction, lots), lotId, "backward", depth, limits.lotsPerDirection),
    walkGenealogy((direction, lots) => getGenealogyEdges(ch, direction, lots), lotId, "forward", depth, limits.lotsPerDirection),
  ]);
  const lots = packLots(backward, forward);
  const facts = await getLotFacts(ch, lots);
  const rootPlant = facts.get(lotId)?.plant ?? "";
  if (!plantInScope(actor.plants, rootPlant)) return { status: "forbidden", plant: rootPlant };

  const visible = visibleLots(lots, facts, actor.plants);
  const [statusHistory, tracesByLot] = await Promise.all([
    getLotStatusHistory(ch, visible),
    // One more per lot than kept, so selectTraces can tell a lot that has more.
    tracesForKeys(ch, "lot", visible, actor.plants, limits.tracesPerLot + 1),
  ]);
  const known = facts.has(lotId) || backward.edges.length > 0 || forward.edges.length > 0 || tracesByLot.has(lotId);
  if (!known) return { status: "not-found" };

  const selected = selectTraces(
    visible,
    new Map([...tracesByLot].map(([lot, traces]) => [lot, traces.map((t) => t.correlationId)])),
    limits.tracesPerLot,
    limits.traces,
  );
  const events = await getEventsOfTraces(ch, selected.correlationIds, limits.events + 1);
  const { redactFields } = getConfig();
  const pack = buildEvidencePack({
    lotId,
    depth,
    generatedAt: now.toISOString(),
    generatedBy: actor.email,
    role: actor.role,
    plants: actor.plants,
    canReadPayload: hasPermission(actor.role, "events:read_payload"),
    redactFields,
    backward,
    forward,
    facts,
    statusHistory,
    traces: selected.traces,
    tracesTruncated: selected.truncated,
    events: events.slice(0, limits.events),
    eventsTruncated: events.length > limits.events,
    limits,
  });
  return { status: "ok", pack };
}
