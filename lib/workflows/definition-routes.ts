import "server-only";
import { hasPermission } from "../auth/roles";
import type { Db } from "../db/client";
import { apiRoute } from "../http/api-route";
import { notFound } from "../http/errors";
import { DefinitionKeySchema, parseOr400, readJson } from "./definition-body";
import { DEFINITION_KINDS, type DefinitionKindName } from "./definition-kinds";
import { createDefinition, definitionAudit, getDefinition, listDefinitions, saveDefinitionVersion } from "./definitions-store";

/**
 * The route handlers of `/api/v1/workflows` and `/api/v1/non-events`, which differ only in the
 * kind. The database comes from the caller (the app's route files), not from inside lib/.
 */
export function definitionCollectionRoutes(kind: DefinitionKindName, listName: string, basePath: string, db: () => Promise<Db>) {
  return {
    GET: apiRoute({ permission: "slas:read" }, async () => Response.json({ [listName]: await listDefinitions(await db(), kind) })),
    POST: apiRoute({ permission: "definitions:manage" }, async (request, { actor }) => {
      const definition = await createDefinition(await db(), kind, actor, await readJson(request));
      return Response.json({ definition }, { status: 201, headers: { Location: `${basePath}/${definition.key}` } });
    }),
  };
}

export function definitionItemRoutes(kind: DefinitionKindName, db: () => Promise<Db>) {
  return {
    GET: apiRoute<{ key: string }>({ permission: "slas:read" }, async (_request, { actor, params }) => {
      const key = parseOr400(DefinitionKeySchema, params.key, "the key");
      const client = await db();
      const definition = await getDefinition(client, kind, key);
      if (!definition) throw notFound(`no ${DEFINITION_KINDS[kind].noun} "${key}"`);
      // Who changed what is for auditors; the definition itself is for every SLA reader.
      return Response.json({ definition, ...(hasPermission(actor.role, "audit:read") ? { audit: await definitionAudit(client, kind, key) } : {}) });
    }),
    PUT: apiRoute<{ key: string }>({ permission: "definitions:manage" }, async (request, { actor, params }) => {
      const key = parseOr400(DefinitionKeySchema, params.key, "the key");
      const { definition, changed } = await saveDefinitionVersion(await db(), kind, actor, key, await readJson(request));
      return Response.json({ definition, changed });
    }),
  };
}
