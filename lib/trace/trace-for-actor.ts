import "server-only";
import { canSeePlant, type Actor } from "../auth/actor";
import { hasPermission } from "../auth/roles";
import { getTraceEvents } from "../queries/get-trace";
import { buildTrace, type Trace, type TraceStep } from "./build-trace";

export type VisibleStep = Omit<TraceStep, "payload"> & { payload?: string };

export type TraceForActor =
  | { status: "not-found" }
  | { status: "forbidden" }
  | { status: "ok"; trace: Trace; steps: VisibleStep[]; canReadPayload: boolean; hiddenEvents: number };

/**
 * One correlation id as this actor may see it, for the page and the API alike: events of plants
 * outside their scope are left out, and payloads only reach roles that may read them.
 */
export async function traceForActor(actor: Actor, correlationId: string): Promise<TraceForActor> {
  const events = await getTraceEvents(correlationId);
  if (events.length === 0) return { status: "not-found" };
  const visible = events.filter((e) => e.plant === "" || canSeePlant(actor, e.plant));
  if (visible.length === 0) return { status: "forbidden" };
  const trace = buildTrace(correlationId, visible);
  const canReadPayload = hasPermission(actor.role, "events:read_payload");
  const steps = trace.steps.map(({ payload, ...step }) => (canReadPayload ? { ...step, payload } : step));
  return { status: "ok", trace, steps, canReadPayload, hiddenEvents: events.length - visible.length };
}
