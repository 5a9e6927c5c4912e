import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { canSeePlant, type Actor } from "../auth/actor";
import type { KeyEvent } from "../queries/get-key-events";
import type { LotFacts } from "../queries/get-lot-facts";
import { getLotSnapshot } from "../queries/get-lot-snapshot";
import { divergenceOf, latestBySystem, type Divergence, type StatusChange, type SystemStatus } from "./divergence";

export interface LotView extends LotFacts {
  statusBySystem: Record<string, SystemStatus>;
  divergent: boolean;
  divergence: Divergence;
  history: StatusChange[];
  events: KeyEvent[];
}

export type LotViewResult = { status: "not-found" } | { status: "forbidden"; plant: string } | { status: "ok"; lot: LotView };

const EMPTY_FACTS = (lotId: string, events: KeyEvent[]): LotFacts => ({
  lotId,
  item: "",
  description: "",
  plant: events[0]?.plant ?? "",
  quantity: 0,
  uom: "",
  supplier: "",
  supplierLot: "",
  customer: "",
  isShipment: false,
  producedByOrder: "",
  firstSeen: events[0]?.time ?? "",
  lastSeen: events.at(-1)?.time ?? "",
});

/** A lot as this actor may see it: facts, each system's latest status, divergence and its own events. */
export async function getLotView(ch: ClickHouseClient, actor: Actor, lotId: string, now = Date.now()): Promise<LotViewResult> {
  const { facts, history, events } = await getLotSnapshot(ch, lotId);
  if (events.length === 0) return { status: "not-found" };
  const lot = facts ?? EMPTY_FACTS(lotId, events);
  if (!canSeePlant(actor, lot.plant)) return { status: "forbidden", plant: lot.plant };
  const changes = history.map(({ system, status, time }) => ({ system, status, time }));
  const divergence = divergenceOf(changes, now);
  return { status: "ok", lot: { ...lot, statusBySystem: latestBySystem(changes), divergent: divergence.divergent, divergence, history: changes, events } };
}
