import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "../auth/actor";
import { hasPermission, type Permission } from "../auth/roles";
import type { AppDeps } from "../deps";
import { forbidden } from "./errors";
import { problemResponse } from "./problem";
import { requestActor } from "./request-actor";

interface RouteContext<P> {
  params: Promise<P>;
}

export interface ApiContext<P> {
  actor: Actor;
  /** The stores, from the server runtime: pass them to lib/ functions. */
  deps: AppDeps;
  params: P;
  requestId: string;
}

export type ApiRoute = <P = Record<string, never>>(
  options: { permission: Permission },
  handler: (request: Request, ctx: ApiContext<P>) => Promise<Response>,
) => (request: Request, context: RouteContext<P>) => Promise<Response>;

/**
 * Builds the route wrapper around a way to reach the stores (the server runtime: see
 * server/api-route.ts). The wrapper does session or API token, permission and error mapping
 * in one place; a store that cannot be opened is a problem+json like any other error.
 */
export function createApiRoute(resolveDeps: () => Promise<AppDeps>): ApiRoute {
  return (options, handler) => async (request, context) => {
    const requestId = randomUUID();
    try {
      const deps = await resolveDeps();
      const actor = await requestActor(deps.db, request);
      if (!hasPermission(actor.role, options.permission)) throw forbidden(`Your role (${actor.role}) lacks the permission ${options.permission}`);
      return await handler(request, { actor, deps, params: await context.params, requestId });
    } catch (error) {
      return problemResponse(error, new URL(request.url).pathname);
    }
  };
}
