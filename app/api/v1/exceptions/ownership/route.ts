import { listOwnership, saveOwnership } from "@/lib/exceptions/ownership";
import { readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** GET: the ownership map (system / integration → team). POST `{ system, interface, team }`: saves a rule (admins). */
export const GET = apiRoute({ permission: "exceptions:read" }, async (_request, { deps }) => Response.json({ rules: await listOwnership(deps.db) }));

export const POST = apiRoute({ permission: "ownership:manage" }, async (request, { actor, deps }) => {
  return Response.json({ rule: await saveOwnership(deps.db, actor, await readJson(request)) }, { status: 201 });
});
