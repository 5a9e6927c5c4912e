import { z } from "zod";
import { PLANT_CODE } from "../auth/api-tokens";
import { ROLES, type RoleName } from "../auth/roles";

/** The fields of a user an admin sets, validated alike on creation and on edit. */

/** User ids are cuids. */
export const userIdSchema = z.string().regex(/^[a-z0-9]{20,40}$/, "not a valid user id");

export const roleSchema = z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` });

export const plantsSchema = z
  .array(z.string().trim().regex(PLANT_CODE, "plant codes are 1–50 letters, digits, _ or -"), { error: "plants must be a list of plant codes" })
  .max(200, "at most 200 plants")
  .transform((plants) => [...new Set(plants)].sort());

export const passwordSchema = z.string({ error: "password must be a string" }).min(12, "at least 12 characters").max(1024, "at most 1024 characters");

export const nameSchema = z.string().trim().max(200, "at most 200 characters");

/** Why a role and plant scope do not go together, or null when they do. */
export function plantScopeProblem(role: RoleName, plants: readonly string[]): string | null {
  if (role === "plant_manager" && plants.length === 0) return "a plant manager needs at least one plant";
  if (role !== "plant_manager" && plants.length > 0) return "plants apply only to plant managers";
  return null;
}
