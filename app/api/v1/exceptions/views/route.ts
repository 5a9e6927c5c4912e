import { listViews, saveView } from "@/lib/exceptions/saved-views";
import { readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** The caller's saved inbox views. POST `{ name, filters }` saves one (same name: replaced). */
export const GET = apiRoute({ permission: "exceptions:read" }, async (_request, { actor, deps }) => Response.json({ views: await listViews(deps.db, actor) }));

export const POST = apiRoute({ permission: "exceptions:read" }, async (request, { actor, deps }) => {
  return Response.json({ view: await saveView(deps.db, actor, await readJson(request)) }, { status: 201 });
});
