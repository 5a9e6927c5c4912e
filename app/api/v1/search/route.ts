import { badRequest } from "@/lib/http/errors";
import { apiRoute } from "@/server/api-route";
import { runSearch } from "@/lib/search/run-search";
import { parseSearchRequest } from "@/lib/search/search-params";

export const dynamic = "force-dynamic";

/** The search box's suggestions ask for ten; the search page's filters and pages are the same parameters (docs/api.md). */
export const GET = apiRoute({ permission: "events:read" }, async (request, { actor, deps }) => {
  const params = new URL(request.url).searchParams;
  if (!params.has("limit")) params.set("limit", "10");
  // The API looks for ids unless told otherwise: a client that sends text gets a 400, not hits of another shape.
  if (!params.has("in")) params.set("in", "ids");
  const parsed = parseSearchRequest(params, Date.now());
  if (!parsed.ok) throw badRequest(parsed.problem);
  const r = parsed.request;
  const answer = await runSearch(deps.clickhouse, r, actor.plants);
  return Response.json({
    query: r.q,
    kinds: r.kinds,
    statuses: r.statuses,
    plants: r.plants,
    systems: r.systems,
    range: r.range && { from: new Date(r.range.from).toISOString(), to: new Date(r.range.to).toISOString() },
    ...answer,
  });
});
