import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { emit } from "../audit/emit";
import type { Db } from "../db/client";
import { notFound } from "../http/errors";
import { parseOr400 } from "../workflows/definition-body";

const name = z.string().trim().max(120);

/** A rule: the team owning a system, an integration, or an integration between systems ('' matches any). */
export const OwnershipRuleSchema = z
  .object({ system: name.default(""), interface: name.default(""), team: name.min(1, "name the team") })
  .strict()
  .refine((r) => r.system !== "" || r.interface !== "", "name a system, an integration, or both");

export interface OwnershipRuleView {
  id: string;
  system: string;
  interface: string;
  team: string;
  updatedAt: string;
}

export async function listOwnership(db: Db): Promise<OwnershipRuleView[]> {
  const rules = await db.ownershipRule.findMany({ orderBy: [{ system: "asc" }, { interface: "asc" }] });
  return rules.map((r) => ({ id: r.id, system: r.system, interface: r.interface, team: r.team, updatedAt: r.updatedAt.toISOString() }));
}

/** Saves the rule for its (system, integration); an existing one gets the new team. */
export async function saveOwnership(db: Db, actor: Actor, body: unknown): Promise<OwnershipRuleView> {
  const rule = parseOr400(OwnershipRuleSchema, body, "the ownership rule");
  return db.$transaction(async (tx) => {
    const before = await tx.ownershipRule.findUnique({ where: { system_interface: { system: rule.system, interface: rule.interface } } });
    const saved = await tx.ownershipRule.upsert({ where: { system_interface: { system: rule.system, interface: rule.interface } }, create: rule, update: { team: rule.team } });
    await emit(tx, actor, { action: "ownership_rule.saved", entity: { type: "ownership_rule", id: saved.id }, before: before ? { system: before.system, interface: before.interface, team: before.team } : null, after: rule });
    return { id: saved.id, system: saved.system, interface: saved.interface, team: saved.team, updatedAt: saved.updatedAt.toISOString() };
  });
}

export async function deleteOwnership(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.ownershipRule.findUnique({ where: { id } });
    if (!before) throw notFound(`no ownership rule ${id.slice(0, 40)}`);
    await tx.ownershipRule.delete({ where: { id } });
    await emit(tx, actor, { action: "ownership_rule.deleted", entity: { type: "ownership_rule", id }, before: { system: before.system, interface: before.interface, team: before.team }, after: null });
  });
}

/** The owning team: a rule for the integration between one of the systems wins over one for the integration, then for a system. */
export async function ownerOf(db: Db, g: { systems: string[]; interface: string }): Promise<string | null> {
  const rules = await db.ownershipRule.findMany({ where: { OR: [{ interface: g.interface, system: { in: ["", ...g.systems] } }, { interface: "", system: { in: g.systems } }] } });
  const rank = (r: { system: string; interface: string }) => (r.interface !== "" && r.system !== "" ? 0 : r.interface !== "" ? 1 : 2);
  const best = rules.filter((r) => r.interface === "" || r.interface === g.interface).sort((a, b) => rank(a) - rank(b) || a.system.localeCompare(b.system))[0];
  return best?.team ?? null;
}
