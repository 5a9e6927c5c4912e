import { apiRoute } from "@/server/api-route";
import { getLiveOverview } from "@/lib/queries/get-live-overview";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "events:read" }, async (_request, { actor, deps }) => Response.json(await getLiveOverview(deps.clickhouse, deps.pipeline, actor.plants)));
