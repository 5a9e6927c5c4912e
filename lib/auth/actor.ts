import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import type { Db } from "../db/client";
import { authOptions } from "./options";
import { plantInScope } from "./plant-scope";
import type { RoleName } from "./roles";

export interface Actor {
  id: string;
  email: string;
  name: string;
  role: RoleName;
  /** Plants the actor may see; null means every plant. */
  plants: string[] | null;
  /**
   * Who is acting: a signed-in user, or an API token (then `id` is `token:<token id>` and there
   * is no users row behind it). Unset means a user.
   */
  kind?: "user" | "token";
}

/**
 * The signed-in user as the database has them now, not as the session cookie remembers:
 * a role or plant change, a disabled account or a password reset (which bumps the session
 * version) takes effect on the next request. One read by primary key per request.
 */
export const getActor = cache(async (db: Db): Promise<Actor | null> => {
  const session = await getServerSession(authOptions(db));
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, plants: true, disabled: true, sessionVersion: true } });
  if (!user || user.disabled || user.sessionVersion !== session.user.sessionVersion) return null;
  return userActor(user);
});

/** A users row as the actor it acts as: a plant manager's plants, everyone else every plant. */
export function userActor(user: { id: string; email: string; name: string | null; role: RoleName; plants: string[] }): Actor {
  return {
    kind: "user",
    id: user.id,
    email: user.email,
    name: user.name ?? user.email,
    role: user.role,
    plants: user.role === "plant_manager" ? user.plants : null,
  };
}

export function canSeePlant(actor: Actor, plant: string): boolean {
  return plantInScope(actor.plants, plant);
}
