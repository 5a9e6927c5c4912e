import "server-only";
import { forbidden } from "next/navigation";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/client";
import { requirePageActor } from "../auth/page-guard";
import { hasPermission } from "../auth/roles";

/** Every definitions page: signed in, and allowed to manage definitions, else the 403 page. */
export async function requireDefinitionsAdmin(db: Db, path: string): Promise<Actor> {
  const actor = await requirePageActor(db, path);
  if (!hasPermission(actor.role, "definitions:manage")) forbidden();
  return actor;
}
