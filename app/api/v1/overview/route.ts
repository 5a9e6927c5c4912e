import { apiRoute } from "@/lib/http/api-route";
import { getLiveOverview } from "@/lib/queries/get-live-overview";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "events:read" }, async (_request, { actor }) => Response.json(await getLiveOverview(actor.plants)));
