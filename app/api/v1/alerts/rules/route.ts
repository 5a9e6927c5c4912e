import { createRule, listRules } from "@/lib/alerts/alerts-store";
import { ruleWarnings } from "@/lib/alerts/rule-warnings";
import { hasPermission } from "@/lib/auth/roles";
import { getConfig } from "@/lib/config";
import { readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** GET: every alert rule (webhook URLs and addresses masked unless the caller may manage alerts). POST: a new rule. */
export const GET = apiRoute({ permission: "slas:read" }, async (_request, { actor, deps }) => {
  return Response.json({ rules: await listRules(deps.db, hasPermission(actor.role, "alerts:manage")) });
});

export const POST = apiRoute({ permission: "alerts:manage" }, async (request, { actor, deps }) => {
  const rule = await createRule(deps.db, actor, await readJson(request));
  return Response.json({ rule, warnings: ruleWarnings(rule, getConfig().alerts) }, { status: 201, headers: { Location: `/api/v1/alerts/rules/${rule.id}` } });
});
