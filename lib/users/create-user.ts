import "server-only";
import { z } from "zod";
import { emit } from "../audit/emit";
import type { Actor } from "../auth/actor";
import { hashPassword } from "../auth/password";
import { ROLES } from "../auth/roles";
import { HttpError } from "../http/errors";
import type { Db } from "../db/client";

export const createUserSchema = z
  .object({
    email: z.email().max(320).transform((e) => e.toLowerCase()),
    name: z.string().trim().min(1).max(200).optional(),
    password: z.string().min(12, "at least 12 characters").max(1024),
    role: z.enum(ROLES),
    plants: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,50}$/)).max(200).default([]),
  })
  .refine((u) => u.role !== "plant_manager" || u.plants.length > 0, { path: ["plants"], message: "a plant manager needs at least one plant" });

/** Creates a user and its audit record in one transaction. */
export async function createUser(db: Db, actor: Actor, input: unknown) {
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) {
    throw new HttpError(400, "Bad Request", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  const { password, ...data } = parsed.data;
  if (await db.user.findUnique({ where: { email: data.email } })) throw new HttpError(409, "Conflict", `a user with email ${data.email} exists`);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { ...data, passwordHash }, select: { id: true, email: true, name: true, role: true, plants: true, createdAt: true } });
    await emit(tx, actor, { action: "user.created", entity: { type: "user", id: user.id }, after: { email: user.email, role: user.role, plants: user.plants } });
    return user;
  });
}
