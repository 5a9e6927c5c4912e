import "server-only";
import { forbidden } from "next/navigation";
import type { Actor } from "../auth/actor";
import { requirePageActor } from "../auth/page-guard";
import { hasPermission } from "../auth/roles";
import type { Db } from "../db/client";

/** The alerts admin page: signed in, and allowed to manage alerts, else the 403 page. */
export async function requireAlertsAdmin(db: Db, path = "/admin/alerts"): Promise<Actor> {
  const actor = await requirePageActor(db, path);
  if (!hasPermission(actor.role, "alerts:manage")) forbidden();
  return actor;
}
