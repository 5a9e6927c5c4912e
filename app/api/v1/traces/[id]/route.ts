import { badRequest, forbidden, notFound } from "@/lib/http/errors";
import { apiRoute } from "@/server/api-route";
import { traceIdSchema } from "@/lib/queries/get-trace";
import { traceForActor } from "@/lib/trace/trace-for-actor";
import { loadViewDefinitions } from "@/lib/slas/view-definitions";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({ permission: "events:read" }, async (_request, { actor, params, deps }) => {
  const parsed = traceIdSchema.safeParse(params.id);
  if (!parsed.success) throw badRequest(`correlation id: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const result = await traceForActor(deps.clickhouse, await loadViewDefinitions(deps.db), actor, parsed.data);
  if (result.status === "not-found") throw notFound(`no events with correlation id ${parsed.data}`);
  if (result.status === "forbidden") throw forbidden("this correlation id belongs to plants outside your scope");
  const { trace } = result;
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
    workflow: result.workflow,
    events: result.steps,
  });
});
