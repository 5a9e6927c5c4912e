import "server-only";
import { hasPermission } from "../lib/auth/roles";
import { notFound } from "../lib/http/errors";
import { DefinitionKeySchema, parseOr400, readJson } from "../lib/workflows/definition-body";
import { DEFINITION_KINDS, type DefinitionKindName } from "../lib/workflows/definition-kinds";
import { createDefinition, definitionAudit, getDefinition, listDefinitions, saveDefinitionVersion } from "../lib/workflows/definitions-store";
import { apiRoute } from "./api-route";

/**
 * The route handlers of `/api/v1/workflows` and `/api/v1/non-events`, which differ only in the
 * kind.
 */
export function definitionCollectionRoutes(kind: DefinitionKindName, listName: string, basePath: string) {
  return {
    GET: apiRoute({ permission: "slas:read" }, async (_request, { deps }) => Response.json({ [listName]: await listDefinitions(deps.db, kind) })),
    POST: apiRoute({ permission: "definitions:manage" }, async (request, { actor, deps }) => {
      const definition = await createDefinition(deps.db, kind, actor, await readJson(request));
      return Response.json({ definition }, { status: 201, headers: { Location: `${basePath}/${definition.key}` } });
    }),
  };
}

export function definitionItemRoutes(kind: DefinitionKindName) {
  return {
    GET: apiRoute<{ key: string }>({ permission: "slas:read" }, async (_request, { actor, deps, params }) => {
      const key = parseOr400(DefinitionKeySchema, params.key, "the key");
      const client = deps.db;
      const definition = await getDefinition(client, kind, key);
      if (!definition) throw notFound(`no ${DEFINITION_KINDS[kind].noun} "${key}"`);
      // Who changed what is for auditors; the definition itself is for every SLA reader.
      return Response.json({ definition, ...(hasPermission(actor.role, "audit:read") ? { audit: await definitionAudit(client, kind, key) } : {}) });
    }),
    PUT: apiRoute<{ key: string }>({ permission: "definitions:manage" }, async (request, { actor, deps, params }) => {
      const key = parseOr400(DefinitionKeySchema, params.key, "the key");
      const { definition, changed } = await saveDefinitionVersion(deps.db, kind, actor, key, await readJson(request));
      return Response.json({ definition, changed });
    }),
  };
}
