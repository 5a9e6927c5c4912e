import { AlertIdSchema, deleteRule, getRule, updateRule } from "@/lib/alerts/alerts-store";
import { ruleWarnings } from "@/lib/alerts/rule-warnings";
import { hasPermission } from "@/lib/auth/roles";
import { getConfig } from "@/lib/config";
import { parseOr400, readJson } from "@/lib/workflows/definition-body";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({ permission: "slas:read" }, async (_request, { actor, deps, params }) => {
  const rule = await getRule(deps.db, parseOr400(AlertIdSchema, params.id, "the rule id"), hasPermission(actor.role, "alerts:manage"));
  return Response.json({ rule });
});

/** The whole rule, as POST takes it, plus optional `baseUpdatedAt` (409 when someone saved since). */
export const PUT = apiRoute<{ id: string }>({ permission: "alerts:manage" }, async (request, { actor, deps, params }) => {
  const id = parseOr400(AlertIdSchema, params.id, "the rule id");
  const { rule, changed } = await updateRule(deps.db, actor, id, await readJson(request));
  return Response.json({ rule, changed, warnings: ruleWarnings(rule, getConfig().alerts) });
});

export const DELETE = apiRoute<{ id: string }>({ permission: "alerts:manage" }, async (_request, { actor, deps, params }) => {
  await deleteRule(deps.db, actor, parseOr400(AlertIdSchema, params.id, "the rule id"));
  return new Response(null, { status: 204 });
});
