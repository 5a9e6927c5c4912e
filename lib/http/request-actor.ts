import "server-only";
import { getActor, type Actor } from "../auth/actor";
import { authenticateApiToken } from "../auth/api-tokens";
import type { Db } from "../db/client";
import { unauthorized } from "./errors";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Who is calling: a request with `Authorization: Bearer …` is judged by its API token alone (no
 * cookie needed, and a bad token is a 401 even beside a valid session); any other request by its
 * session. Every authenticated route (the JSON API, the metrics endpoint) asks here.
 */
export async function requestActor(db: Db, request: Request): Promise<Actor> {
  const header = request.headers.get("authorization");
  if (header !== null && /^Bearer(\s|$)/i.test(header)) {
    const token = BEARER.exec(header)?.[1];
    const actor = token ? await authenticateApiToken(token, { db }) : null;
    if (!actor) throw unauthorized("The bearer token is not a valid API token, or it was revoked or has expired");
    return actor;
  }
  const actor = await getActor(db);
  if (!actor) throw unauthorized("Sign in or send an API token as `Authorization: Bearer llt_…`");
  return actor;
}
