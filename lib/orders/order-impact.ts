import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { impactFlags, isHeldOrRejected, summariseLotStates, type ImpactFlag, type LotSetSummary } from "../lots/lot-state";
import { getUpstreamImpact, type UpstreamImpact } from "../lots/upstream-impact";
import type { LotStateEntry } from "../queries/get-lot-states";
import type { OrderView } from "./order-view";

export interface OrderImpact {
  /** What the order is made from: its consumed lots and every lot they were made from. */
  upstream: UpstreamImpact;
  outputs: LotSetSummary;
  consumedFlagged: number;
  inspectionsFailed: number;
  /** The header's badges, worst first. */
  flags: ImpactFlag[];
}

/** The worst known state of an order, of what it consumed (all levels back) and of what it produced. */
export async function getOrderImpact(ch: ClickHouseClient, plants: readonly string[] | null, order: Pick<OrderView, "lotsConsumed" | "lotsProduced" | "workflows">): Promise<OrderImpact> {
  const upstream = await getUpstreamImpact(ch, plants, order.lotsConsumed.map((l) => l.lotId), { rootsAreInputs: true, also: order.lotsProduced.map((l) => l.lotId) });
  const visible = (lots: readonly { lotId: string }[]) => lots.map((l) => upstream.states.get(l.lotId)).filter((e): e is LotStateEntry => e !== undefined && !e.restricted);
  const outputs = summariseLotStates(visible(order.lotsProduced).map((e) => e.state));
  const inspectionsFailed = order.workflows.reduce((n, w) => n + w.adverseEvents, 0);
  return {
    upstream,
    outputs,
    consumedFlagged: visible(order.lotsConsumed).filter((e) => isHeldOrRejected(e.state)).length,
    inspectionsFailed,
    flags: impactFlags({ inputs: upstream.summary, outputs, inspectionsFailed }),
  };
}
