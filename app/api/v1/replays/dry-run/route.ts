import { getConfig } from "@/lib/config";
import { dryRun } from "@/lib/replay/replay-tasks";
import { readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** POST {selection}: what a replay would send and skip (with why), changing nothing. */
export const POST = apiRoute({ permission: "replay" }, async (request, { actor, deps }) => {
  return Response.json({ dryRun: await dryRun(deps, actor, await readJson(request), getConfig().replay.approvalThreshold) });
});
