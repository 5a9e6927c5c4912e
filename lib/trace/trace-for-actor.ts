import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { canSeePlant, type Actor } from "../auth/actor";
import { hasPermission } from "../auth/roles";
import { getConfig } from "../config";
import { getTraceEvents, TRACE_EVENT_LIMIT } from "../queries/get-trace";
import { aggregateFromEvents } from "../slas/aggregate-from-events";
import { loadInstanceAggregates } from "../slas/instance-aggregates";
import { judgeAggregates } from "../slas/judge-instance";
import type { ViewDefinitions } from "../slas/view-definitions";
import { toWorkflowVerdict, type WorkflowVerdict } from "../slas/views/workflow-verdict";
import { buildTrace, type Trace, type TraceStep } from "./build-trace";
import { redactPayload } from "./redact";

export type VisibleStep = Omit<TraceStep, "payload"> & { payload?: string };

export type TraceForActor =
  | { status: "not-found" }
  | { status: "forbidden" }
  | { status: "ok"; trace: Trace; steps: VisibleStep[]; workflow: WorkflowVerdict | null; canReadPayload: boolean; hiddenEvents: number };

/**
 * One correlation id as this actor may see it, for the page and the API alike: events of plants
 * outside their scope are left out, payloads only reach roles that may read them, and the fields
 * of the redaction list are masked in them. Its workflow state is the SLA engine's verdict.
 */
export async function traceForActor(ch: ClickHouseClient, view: ViewDefinitions, actor: Actor, correlationId: string, now = Date.now()): Promise<TraceForActor> {
  const events = await getTraceEvents(ch, correlationId);
  if (events.length === 0) return { status: "not-found" };
  const visible = events.filter((e) => canSeePlant(actor, e.plant));
  if (visible.length === 0) return { status: "forbidden" };
  const trace = buildTrace(correlationId, visible);
  const canReadPayload = hasPermission(actor.role, "events:read_payload");
  const { redactFields } = getConfig();
  const steps = trace.steps.map(({ payload, ...step }) => (canReadPayload ? { ...step, payload: redactPayload(payload, redactFields).payload } : step));
  // Every event is at hand unless the limit cut them: then the stored aggregate judges.
  const aggregates = events.length < TRACE_EVENT_LIMIT ? [aggregateFromEvents(correlationId, events)] : await loadInstanceAggregates(ch, [correlationId]);
  const judged = (await judgeAggregates(ch, aggregates, view, now)).get(correlationId);
  const workflow = judged ? toWorkflowVerdict(judged, now, view.compiled) : null;
  return { status: "ok", trace, steps, workflow, canReadPayload, hiddenEvents: events.length - visible.length };
}
