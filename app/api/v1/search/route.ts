import { badRequest } from "@/lib/http/errors";
import { apiRoute } from "@/server/api-route";
import { searchIds, searchKindsSchema, searchQuerySchema } from "@/lib/queries/search-ids";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "events:read" }, async (request, { actor, deps }) => {
  const params = new URL(request.url).searchParams;
  const parsed = searchQuerySchema.safeParse(params.get("q") ?? "");
  if (!parsed.success) throw badRequest(`q: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const kinds = searchKindsSchema.safeParse(params.get("kind") ?? undefined);
  if (!kinds.success) throw badRequest(`kind: ${kinds.error.issues[0]?.message ?? "invalid"}`);
  return Response.json({ query: parsed.data, kinds: kinds.data, results: await searchIds(deps.clickhouse, parsed.data, actor.plants, 10, kinds.data) });
});
