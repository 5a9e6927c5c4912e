import { badRequest } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { searchIds, searchQuerySchema } from "@/lib/queries/search-ids";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "events:read" }, async (request, { actor }) => {
  const parsed = searchQuerySchema.safeParse(new URL(request.url).searchParams.get("q") ?? "");
  if (!parsed.success) throw badRequest(`q: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return Response.json({ query: parsed.data, results: await searchIds(parsed.data, actor.plants) });
});
