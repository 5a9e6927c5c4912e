import "server-only";
import { z } from "zod";
import { emit } from "../audit/emit";
import type { Actor } from "../auth/actor";
import type { RoleName } from "../auth/roles";
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import { badRequest, conflict, notFound } from "../http/errors";
import { parseOr400 } from "../workflows/definition-body";
import { nameSchema, plantScopeProblem, plantsSchema, roleSchema } from "./user-input";
import { toUserView, USER_VIEW_SELECT, type UserView } from "./user-view";

const UpdateUserBodySchema = z
  .object({
    /** The revision the editor loaded; a user changed since is a 409 instead of a silent overwrite. */
    baseRevision: z.number().int().min(1).optional(),
    name: nameSchema.nullable().optional(),
    role: roleSchema.optional(),
    plants: plantsSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

type Tx = Prisma.TransactionClient;

async function lastChangedBy(tx: Tx, id: string): Promise<string | null> {
  const last = await tx.auditLog.findFirst({ where: { entityType: "user", entityId: id }, orderBy: { seq: "desc" }, select: { actorLabel: true } });
  return last?.actorLabel ?? null;
}

async function stale(tx: Tx, id: string) {
  const current = await tx.user.findUniqueOrThrow({ where: { id }, select: USER_VIEW_SELECT });
  const by = await lastChangedBy(tx, id);
  return conflict(`${current.email} was changed${by ? ` by ${by}` : ""} since you opened it; reload to see the change`, { current: toUserView(current) });
}

/**
 * Refuses a change that would leave no enabled administrator (nobody could manage users any
 * more). The enabled admins' rows are locked first, so two admins demoting each other at once
 * cannot both pass: the second sees the first's change once it commits.
 */
async function keepAnAdmin(tx: Tx, actor: Actor, user: { id: string; email: string }) {
  const admins = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`;
  if (admins.some((a) => a.id !== user.id)) return;
  const who = actor.id === user.id ? "You are" : `${user.email} is`;
  throw conflict(`${who} the last enabled administrator: make another user an administrator first, or nobody could manage users any more`, { reason: "last_admin" });
}

/**
 * Changes a user's name, role, plant scope or disabled flag, each change audited in the same
 * transaction. Leaving plant manager drops the plants. Disabling ends the user's sessions and
 * voids an outstanding set-password link; the next page or API request of that user is refused.
 */
export async function updateUser(db: Db, actor: Actor, id: string, body: unknown): Promise<UserView> {
  const input = parseOr400(UpdateUserBodySchema, body, "the change");
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: USER_VIEW_SELECT });
    if (!before) throw notFound(`no user ${id}`);
    if (input.baseRevision !== undefined && input.baseRevision !== before.revision) throw await stale(tx, id);

    const role: RoleName = input.role ?? before.role;
    const plants = input.plants ?? (role === "plant_manager" ? before.plants : []);
    const problem = plantScopeProblem(role, plants);
    if (problem) throw badRequest(`the change is not valid: plants: ${problem}`, { issues: [{ path: ["plants"], field: "plants", message: problem }] });
    const name = input.name === undefined ? before.name : input.name || null;
    const disabled = input.disabled ?? before.disabled;

    const fieldsBefore = { name: before.name, role: before.role, plants: before.plants };
    const fieldsAfter = { name, role, plants };
    const fieldsChanged = JSON.stringify(fieldsBefore) !== JSON.stringify(fieldsAfter);
    const disabledChanged = disabled !== before.disabled;
    if (!fieldsChanged && !disabledChanged) return toUserView(before);

    if (before.role === "admin" && !before.disabled && (role !== "admin" || disabled)) await keepAnAdmin(tx, actor, before);

    const { count } = await tx.user.updateMany({
      where: { id, revision: before.revision },
      data: {
        ...fieldsAfter,
        disabled,
        revision: { increment: 1 },
        ...(disabledChanged && disabled ? { sessionVersion: { increment: 1 }, passwordLinkHash: null, passwordLinkExpiresAt: null } : {}),
      },
    });
    if (count === 0) throw await stale(tx, id);

    const entity = { type: "user", id };
    if (fieldsChanged) await emit(tx, actor, { action: "user.updated", entity, before: fieldsBefore, after: fieldsAfter });
    if (disabledChanged) await emit(tx, actor, { action: disabled ? "user.disabled" : "user.enabled", entity, before: { disabled: before.disabled }, after: { disabled } });
    return toUserView(await tx.user.findUniqueOrThrow({ where: { id }, select: USER_VIEW_SELECT }));
  });
}
