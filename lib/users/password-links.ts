import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { emit } from "../audit/emit";
import { userActor } from "../auth/actor";
import { hashPassword } from "../auth/password";
import type { Db } from "../db/client";
import { badRequest } from "../http/errors";
import { parseOr400 } from "../workflows/definition-body";
import { passwordSchema } from "./user-input";

/**
 * One-time set-password links, for an invited user and after an admin's reset: 32 random bytes
 * shown once to the admin, who hands the link over; only the SHA-256 is stored, on the user's
 * row, so issuing a new link kills the previous one. The secret travels in the URL's fragment
 * (`/set-password#…`), which browsers never send to the server, so it stays out of access logs
 * and Referer headers.
 */

/** Long enough to cover a weekend between the admin's invite and the person's first morning. */
export const PASSWORD_LINK_TTL_MS = 72 * 60 * 60 * 1000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface PasswordLink {
  /** The path to open, fragment included; the page's origin goes in front. */
  path: string;
  expiresAt: string;
}

export const hashLinkToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A fresh link and the columns that store it. */
export function newPasswordLink(now: Date): { link: PasswordLink; columns: { passwordLinkHash: string; passwordLinkExpiresAt: Date } } {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_TTL_MS);
  return { link: { path: `/set-password#${token}`, expiresAt: expiresAt.toISOString() }, columns: { passwordLinkHash: hashLinkToken(token), passwordLinkExpiresAt: expiresAt } };
}

const SetPasswordBodySchema = z.object({ token: z.string().regex(TOKEN_PATTERN, "not a set-password link"), password: passwordSchema }).strict();

const invalidLink = () =>
  badRequest("This link does not work any more: it was used, replaced by a newer one or has expired, or the account is disabled. Ask an administrator for a new link.", {
    issues: [{ path: ["token"], field: "token", message: "the link does not work any more" }],
  });

/**
 * Sets the password of the link's user and uses the link up. Ends every session of the user, as
 * a reset does. The cheap lookup comes before the argon2 hash, so a guessed link costs one read.
 */
export async function setPasswordFromLink(db: Db, body: unknown, now = new Date()): Promise<{ email: string }> {
  const input = parseOr400(SetPasswordBodySchema, body, "the request");
  const usable = { passwordLinkHash: hashLinkToken(input.token), passwordLinkExpiresAt: { gt: now }, disabled: false };
  const user = await db.user.findFirst({ where: usable, select: { id: true, email: true, name: true, role: true, plants: true } });
  if (!user) throw invalidLink();
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    // Conditional on the link, so two submissions of one link set the password once.
    const { count } = await tx.user.updateMany({
      where: { id: user.id, ...usable },
      data: { passwordHash, passwordLinkHash: null, passwordLinkExpiresAt: null, sessionVersion: { increment: 1 } },
    });
    if (count === 0) throw invalidLink();
    await emit(tx, userActor(user), { at: now, action: "user.password_set", entity: { type: "user", id: user.id }, after: { via: "set-password link" } });
    return { email: user.email };
  });
}
