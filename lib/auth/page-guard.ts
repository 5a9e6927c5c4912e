import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import type { Db } from "../db/client";
import { getActor, type Actor } from "./actor";
import { hasPermission, type Permission } from "./roles";

/** Every page calls this on the server; the proxy's redirect is a convenience, not the check. */
export async function requirePageActor(db: Db, nextPath: string): Promise<Actor> {
  const actor = await getActor(db);
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(nextPath)}`);
  return actor;
}

/** A page for one permission: signed in with it, else the nearest forbidden.tsx with a 403 (outside a streamed group). */
export async function requirePagePermission(db: Db, nextPath: string, permission: Permission): Promise<Actor> {
  const actor = await requirePageActor(db, nextPath);
  if (!hasPermission(actor.role, permission)) forbidden();
  return actor;
}

type ViewResult = { status: "not-found" } | { status: "forbidden" } | { status: "ok" };

/**
 * An object page's view, or the HTTP answer the API gives for it: an unknown id renders the
 * segment's not-found.tsx with a 404, an object outside the viewer's plants its forbidden.tsx
 * with a 403. A page cannot set its status any other way.
 */
export function okOrInterrupt<R extends ViewResult>(result: R): Extract<R, { status: "ok" }> {
  if (result.status === "not-found") notFound();
  if (result.status === "forbidden") forbidden();
  return result as Extract<R, { status: "ok" }>;
}
