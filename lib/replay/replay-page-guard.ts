import "server-only";
import { forbidden } from "next/navigation";
import type { Actor } from "../auth/actor";
import { requirePageActor } from "../auth/page-guard";
import { hasPermission } from "../auth/roles";
import type { Db } from "../db/client";

/** The replay pages: signed in with `replay`, else the 403 page. */
export async function requireReplayActor(db: Db, path: string): Promise<Actor> {
  const actor = await requirePageActor(db, path);
  if (!hasPermission(actor.role, "replay")) forbidden();
  return actor;
}

/** The integrations admin page (replay targets): signed in with `integrations:manage`, else the 403 page. */
export async function requireIntegrationsAdmin(db: Db, path = "/admin/integrations"): Promise<Actor> {
  const actor = await requirePageActor(db, path);
  if (!hasPermission(actor.role, "integrations:manage")) forbidden();
  return actor;
}
