import { apiRoute } from "@/lib/http/api-route";
import { getOverview } from "@/lib/queries/get-overview";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "events:read" }, async (_request, { actor }) => Response.json(await getOverview(actor.plants)));
