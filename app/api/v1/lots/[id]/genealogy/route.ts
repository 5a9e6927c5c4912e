import { genealogyParamsSchema } from "@/lib/genealogy/trace-genealogy";
import { getGenealogyView } from "@/lib/genealogy/genealogy-view";
import { apiRoute } from "@/server/api-route";
import { badRequest, forbidden, notFound } from "@/lib/http/errors";
import { parseId } from "@/lib/http/parse-id";

export const dynamic = "force-dynamic";

/** `?direction=backward|forward&depth=N`; the page's graph and table read the same answer. */
export const GET = apiRoute<{ id: string }>({ permission: "events:read" }, async (request, { actor, params, deps }) => {
  const lotId = parseId(params.id, "lot id");
  const search = new URL(request.url).searchParams;
  const parsed = genealogyParamsSchema.safeParse({ direction: search.get("direction") ?? undefined, depth: search.get("depth") ?? undefined });
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const result = await getGenealogyView(deps.clickhouse, actor, lotId, parsed.data.direction, parsed.data.depth);
  if (result.status === "not-found") throw notFound(`no events name lot ${lotId}`);
  if (result.status === "forbidden") throw forbidden(`lot ${lotId} belongs to a plant outside your scope`);
  return Response.json(result.genealogy);
});
