import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { canSeePlant, type Actor } from "../auth/actor";
import { getKeyTimeline, TRACE_EVENT_LIMIT, type TraceEvent } from "../queries/get-trace";
import { aggregateFromEvents } from "../slas/aggregate-from-events";
import { loadInstanceAggregates } from "../slas/instance-aggregates";
import { buildTrace } from "../trace/build-trace";
import { judgeAggregates } from "../slas/judge-instance";
import type { ViewDefinitions } from "../slas/view-definitions";
import { toWorkflowVerdict, type WorkflowVerdict } from "../slas/views/workflow-verdict";
import { BUSINESS_TYPES } from "../workflows/catalog";
import { completedAt } from "./order-timing";
import { ADVERSE_EVENT_TYPES } from "../lots/lot-state";

export interface OrderWorkflow {
  correlationId: string;
  workflow: WorkflowVerdict | null;
  outcome: "failed" | "recovered" | "ok";
  start: string;
  end: string;
  systems: string[];
  failures: number;
  /** Events of bad news for a lot in it (a failed inspection), whatever the messages did. */
  adverseEvents: number;
}

export interface OrderLot {
  lotId: string;
  quantity: number;
  uom: string;
  time: string;
}

export interface OrderView {
  orderId: string;
  plant: string;
  item: string;
  quantity: number;
  releasedAt: string | null;
  /** ERP's final confirmation of the order (lib/orders/order-timing.ts); null while it runs. */
  completedAt: string | null;
  firstSeen: string;
  lastSeen: string;
  lotsConsumed: OrderLot[];
  lotsProduced: OrderLot[];
  workflows: OrderWorkflow[];
  events: Omit<TraceEvent, "payload">[];
}

export type OrderViewResult = { status: "not-found" } | { status: "forbidden"; plant: string } | { status: "ok"; order: OrderView };

function payloadOf(e: TraceEvent): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(e.payload);
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function lotsOf(events: TraceEvent[], type: string): OrderLot[] {
  const seen = new Map<string, OrderLot>();
  for (const e of events) {
    if (e.type !== type || e.lotId === "" || seen.has(e.lotId)) continue;
    const p = payloadOf(e);
    seen.set(e.lotId, { lotId: e.lotId, quantity: Number(p.quantity ?? 0), uom: String(p.uom ?? ""), time: e.time });
  }
  return [...seen.values()];
}

/** A production order: its workflows with step state, the lots it consumed and produced, its timeline. */
export async function getOrderView(ch: ClickHouseClient, view: ViewDefinitions, actor: Actor, orderId: string, now = Date.now()): Promise<OrderViewResult> {
  const timeline = await getKeyTimeline(ch, "order", orderId);
  const own = timeline.filter((e) => e.orderId === orderId);
  if (own.length === 0) return { status: "not-found" };
  const plant = own.find((e) => e.plant !== "")?.plant ?? "";
  if (!canSeePlant(actor, plant)) return { status: "forbidden", plant };

  const released = own.find((e) => e.type === BUSINESS_TYPES.orderReleased);
  const releasedPayload = released ? payloadOf(released) : {};
  const byCorrelation = new Map<string, TraceEvent[]>();
  for (const e of timeline) byCorrelation.set(e.correlationId, [...(byCorrelation.get(e.correlationId) ?? []), e]);
  // The timeline holds every event of its correlation ids unless the limit cut it: then the stored aggregates judge.
  const aggregates =
    timeline.length < TRACE_EVENT_LIMIT ? [...byCorrelation].map(([id, events]) => aggregateFromEvents(id, events)) : await loadInstanceAggregates(ch, [...byCorrelation.keys()]);
  const verdicts = await judgeAggregates(ch, aggregates, view, now);
  const workflows = [...byCorrelation].map(([correlationId, events]): OrderWorkflow => {
    const trace = buildTrace(correlationId, events);
    const verdict = verdicts.get(correlationId);
    return {
      correlationId,
      workflow: verdict ? toWorkflowVerdict(verdict, now, view.compiled) : null,
      outcome: trace.outcome,
      start: trace.start,
      end: trace.end,
      systems: trace.systems,
      failures: trace.failures,
      adverseEvents: events.filter((e) => ADVERSE_EVENT_TYPES.includes(e.type)).length,
    };
  });
  return {
    status: "ok",
    order: {
      orderId,
      plant,
      item: String(releasedPayload.item ?? own.map(payloadOf).find((p) => typeof p.item === "string")?.item ?? ""),
      quantity: Number(releasedPayload.quantity ?? 0),
      releasedAt: released?.time ?? null,
      completedAt: completedAt(own.map((e) => ({ type: e.type, time: e.time, payload: payloadOf(e) }))),
      firstSeen: own[0]!.time,
      lastSeen: own.at(-1)!.time,
      lotsConsumed: lotsOf(own, BUSINESS_TYPES.lotConsumed),
      lotsProduced: lotsOf(own, BUSINESS_TYPES.lotProduced),
      workflows: workflows.sort((a, b) => a.start.localeCompare(b.start)),
      events: timeline.map(({ payload: _payload, ...rest }) => rest),
    },
  };
}
