import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "../auth/actor";
import { hasPermission, type Permission } from "../auth/roles";
import { forbidden } from "./errors";
import { problemResponse } from "./problem";
import { requestActor } from "./request-actor";

interface RouteContext<P> {
  params: Promise<P>;
}

export interface ApiContext<P> {
  actor: Actor;
  params: P;
  requestId: string;
}

/** Wraps a route handler: session or API token, permission and error mapping in one place. */
export function apiRoute<P = Record<string, never>>(
  options: { permission: Permission },
  handler: (request: Request, ctx: ApiContext<P>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const actor = await requestActor(request);
      if (!hasPermission(actor.role, options.permission)) throw forbidden(`Your role (${actor.role}) lacks the permission ${options.permission}`);
      return await handler(request, { actor, params: await context.params, requestId });
    } catch (error) {
      return problemResponse(error, new URL(request.url).pathname);
    }
  };
}
