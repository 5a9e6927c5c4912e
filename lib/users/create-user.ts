import "server-only";
import { z } from "zod";
import { emit } from "../audit/emit";
import type { Actor } from "../auth/actor";
import { hashPassword } from "../auth/password";
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { conflict } from "../http/errors";
import { parseOr400 } from "../workflows/definition-body";
import { newPasswordLink, type PasswordLink } from "./password-links";
import { nameSchema, passwordSchema, plantScopeProblem, plantsSchema, roleSchema } from "./user-input";
import { toUserView, USER_VIEW_SELECT, type UserView } from "./user-view";

export const createUserSchema = z
  .object({
    email: z.email("email must be an email address").max(320).transform((e) => e.toLowerCase()),
    name: nameSchema.optional(),
    /** Omitted: the answer carries a one-time set-password link to hand to the person instead. */
    password: passwordSchema.optional(),
    role: roleSchema,
    plants: plantsSchema.default([]),
  })
  .superRefine((u, ctx) => {
    const problem = plantScopeProblem(u.role, u.plants);
    if (problem) ctx.addIssue({ code: "custom", path: ["plants"], message: problem });
  });

const emailTaken = (email: string) => conflict(`a user with email ${email} exists`, { issues: [{ path: ["email"], field: "email", message: `${email} has an account already` }] });

/** Creates a user and its audit record in one transaction; without a password, with a set-password link shown once. */
export async function createUser(db: Db, actor: Actor, input: unknown, now = new Date()): Promise<{ user: UserView; setPasswordLink: PasswordLink | null }> {
  const { password, ...data } = parseOr400(createUserSchema, input, "the user");
  const name = data.name || null;
  if (await db.user.findUnique({ where: { email: data.email }, select: { id: true } })) throw emailTaken(data.email);
  const passwordHash = password === undefined ? null : await hashPassword(password);
  const issued = password === undefined ? newPasswordLink(now) : null;
  return db
    .$transaction(async (tx) => {
      const user = await tx.user.create({ data: { ...data, name, passwordHash, ...issued?.columns }, select: USER_VIEW_SELECT });
      await emit(tx, actor, {
        at: now,
        action: "user.created",
        entity: { type: "user", id: user.id },
        after: { email: user.email, name: user.name, role: user.role, plants: user.plants, password: issued ? "set-password link" : "set by the admin" },
      });
      return { user: toUserView(user), setPasswordLink: issued?.link ?? null };
    })
    .catch((error: unknown) => {
      // Two creations of one email at once: the unique index decides, the loser gets the same 409.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw emailTaken(data.email);
      throw error;
    });
}
