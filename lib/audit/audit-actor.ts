import type { Actor } from "../auth/actor";

/**
 * Who an audit row names. Audit rows point at users; an API token (or a CLI run) has no users
 * row, so only its label is kept — pointing at it would break the foreign key.
 */
export function auditActor(actor: Actor | undefined, fallbackLabel: string): { actorId: string | null; actorLabel: string } {
  if (!actor) return { actorId: null, actorLabel: fallbackLabel };
  return { actorId: actor.kind === "token" ? null : actor.id, actorLabel: actor.email };
}
