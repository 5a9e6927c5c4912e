import { canSeePlant } from "@/lib/auth/actor";
import { hasPermission } from "@/lib/auth/roles";
import { badRequest, forbidden, notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { getTraceEvents, traceIdSchema } from "@/lib/queries/get-trace";
import { buildTrace } from "@/lib/trace/build-trace";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({ permission: "events:read" }, async (_request, { actor, params }) => {
  const parsed = traceIdSchema.safeParse(params.id);
  if (!parsed.success) throw badRequest(`correlation id: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const events = await getTraceEvents(parsed.data);
  if (events.length === 0) throw notFound(`no events with correlation id ${parsed.data}`);
  const visible = events.filter((e) => e.plant === "" || canSeePlant(actor, e.plant));
  if (visible.length === 0) throw forbidden("this correlation id belongs to plants outside your scope");
  const withPayload = hasPermission(actor.role, "events:read_payload");
  const trace = buildTrace(parsed.data, visible);
  return Response.json({
    correlationId: trace.correlationId,
    summary: {
      start: trace.start,
      end: trace.end,
      durationMs: trace.durationMs,
      outcome: trace.outcome,
      failures: trace.failures,
      retries: trace.retries,
      systems: trace.systems,
      plants: trace.plants,
      lots: trace.lots,
      orders: trace.orders,
    },
    events: trace.steps.map(({ payload, ...step }) => ({ ...step, ...(withPayload ? { payload } : {}) })),
  });
});
