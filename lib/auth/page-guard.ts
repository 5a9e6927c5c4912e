import "server-only";
import { redirect } from "next/navigation";
import { getActor, type Actor } from "./actor";

/** Every page calls this on the server; the proxy's redirect is a convenience, not the check. */
export async function requirePageActor(nextPath: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(nextPath)}`);
  return actor;
}
