import "server-only";
import { randomUUID } from "node:crypto";
import { getActor, type Actor } from "../auth/actor";
import { hasPermission, type Permission } from "../auth/roles";
import { forbidden, unauthorized } from "./errors";
import { problemResponse } from "./problem";

interface RouteContext<P> {
  params: Promise<P>;
}

export interface ApiContext<P> {
  actor: Actor;
  params: P;
  requestId: string;
}

/** Wraps a session-authenticated route handler: session, permission and error mapping in one place. */
export function apiRoute<P = Record<string, never>>(
  options: { permission: Permission },
  handler: (request: Request, ctx: ApiContext<P>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const actor = await getActor();
      if (!actor) throw unauthorized("Sign in to use this API");
      if (!hasPermission(actor.role, options.permission)) throw forbidden(`Your role (${actor.role}) lacks the permission ${options.permission}`);
      return await handler(request, { actor, params: await context.params, requestId });
    } catch (error) {
      return problemResponse(error, new URL(request.url).pathname);
    }
  };
}
