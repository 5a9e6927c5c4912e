import "server-only";
import { randomUUID } from "node:crypto";
import { getActor, type Actor } from "../auth/actor";
import { authenticateApiToken } from "../auth/api-tokens";
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

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * A request with `Authorization: Bearer …` is judged by its API token alone (no cookie needed,
 * and a bad token is a 401 even beside a valid session); any other request by its session.
 */
async function requestActor(request: Request): Promise<Actor> {
  const header = request.headers.get("authorization");
  if (header !== null && /^Bearer(\s|$)/i.test(header)) {
    const token = BEARER.exec(header)?.[1];
    const actor = token ? await authenticateApiToken(token) : null;
    if (!actor) throw unauthorized("The bearer token is not a valid API token, or it was revoked or has expired");
    return actor;
  }
  const actor = await getActor();
  if (!actor) throw unauthorized("Sign in or send an API token as `Authorization: Bearer llt_…`");
  return actor;
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
