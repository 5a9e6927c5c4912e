import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { apiRoute } from "@/server/api-route";
import { badRequest } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/** Every API token without its hash or secret. */
export const GET = apiRoute({ permission: "users:manage" }, async (_request, { deps }) => Response.json({ tokens: await listApiTokens({ db: deps.db }) }));

/** Creates a token; the answer carries the plaintext, the only time it is ever shown. */
export const POST = apiRoute({ permission: "users:manage" }, async (request, { actor, deps }) => {
  const body: unknown = await request.json().catch(() => {
    throw badRequest("the body must be JSON");
  });
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("the body must be a JSON object");
  const { token, record } = await createApiToken({ ...(body as Parameters<typeof createApiToken>[0]), createdBy: actor }, { db: deps.db });
  return Response.json({ token, record }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
