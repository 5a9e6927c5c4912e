import { apiRoute } from "@/lib/http/api-route";
import { getOverview } from "@/lib/queries/get-overview";
import { getPipelineStatus } from "@/lib/queries/get-pipeline";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "events:read" }, async (_request, { actor }) => {
  const [overview, pipeline] = await Promise.all([getOverview(actor.plants), getPipelineStatus()]);
  return Response.json({ ...overview, pipeline });
});
