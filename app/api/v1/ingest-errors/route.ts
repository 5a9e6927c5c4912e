import { apiRoute } from "@/server/api-route";
import { badRequest } from "@/lib/http/errors";
import { canReadDeadLetterRaw } from "@/lib/auth/plant-scope";
import { hasPermission } from "@/lib/auth/roles";
import { deadLetterQuerySchema, listDeadLetters } from "@/lib/queries/get-dead-letters";

export const dynamic = "force-dynamic";

/** Dead letters, newest first, filtered and paged (docs/api.md); the raw input only for who may read it. */
export const GET = apiRoute({ permission: "events:read" }, async (request, { actor, deps }) => {
  const url = new URL(request.url);
  const parsed = deadLetterQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
  const query = parsed.data;
  const withRaw = hasPermission(actor.role, "events:read_payload") && canReadDeadLetterRaw(actor.plants);
  const { total, items } = await listDeadLetters(deps.clickhouse, query, withRaw);
  const nextOffset = query.offset + items.length < total ? query.offset + items.length : null;
  return Response.json({ total, limit: query.limit, offset: query.offset, nextOffset, rawIncluded: withRaw, items });
});
