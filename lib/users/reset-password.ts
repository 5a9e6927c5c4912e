import "server-only";
import { z } from "zod";
import { emit } from "../audit/emit";
import type { Actor } from "../auth/actor";
import { hashPassword } from "../auth/password";
import type { Db } from "../db/client";
import { conflict, notFound } from "../http/errors";
import { parseOr400 } from "../workflows/definition-body";
import { newPasswordLink, type PasswordLink } from "./password-links";
import { passwordSchema } from "./user-input";
import { toUserView, USER_VIEW_SELECT, type UserView } from "./user-view";

/** `password` sets that one; without it the answer carries a one-time set-password link. */
const ResetPasswordBodySchema = z.object({ password: passwordSchema.optional() }).strict();

/**
 * An admin's reset of someone's password. Either way the old password stops working at once (a
 * link clears it until the link is used) and every session of the user ends; any earlier link
 * dies. Not for one's own account: the reset would end the session that asked for it.
 */
export async function resetPassword(db: Db, actor: Actor, id: string, body: unknown, now = new Date()): Promise<{ user: UserView; setPasswordLink: PasswordLink | null }> {
  const input = parseOr400(ResetPasswordBodySchema, body ?? {}, "the reset");
  if (actor.id === id) throw conflict("You cannot reset your own password here: it would sign you out at once. Ask another administrator.");
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const issued = input.password === undefined ? newPasswordLink(now) : null;
  return db.$transaction(async (tx) => {
    if (!(await tx.user.findUnique({ where: { id }, select: { id: true } }))) throw notFound(`no user ${id}`);
    const user = await tx.user.update({
      where: { id },
      data: { passwordHash, passwordLinkHash: issued?.columns.passwordLinkHash ?? null, passwordLinkExpiresAt: issued?.columns.passwordLinkExpiresAt ?? null, sessionVersion: { increment: 1 } },
      select: USER_VIEW_SELECT,
    });
    await emit(tx, actor, {
      at: now,
      action: "user.password_reset",
      entity: { type: "user", id },
      after: issued ? { method: "set-password link", linkExpiresAt: issued.link.expiresAt, sessionsEnded: true } : { method: "set by the admin", sessionsEnded: true },
    });
    return { user: toUserView(user), setPasswordLink: issued?.link ?? null };
  });
}
