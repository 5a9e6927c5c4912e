import { revokeApiToken } from "@/lib/auth/api-tokens";
import { apiRoute } from "@/server/api-route";
import { notFound } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/** Revokes the token: requests carrying it are refused from now on. Repeating it is harmless. */
export const DELETE = apiRoute<{ id: string }>({ permission: "users:manage" }, async (_request, { actor, params, deps }) => {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(params.id)) throw notFound(`no API token with id ${params.id.slice(0, 64)}`);
  await revokeApiToken(params.id, actor, { db: deps.db });
  return new Response(null, { status: 204 });
});
