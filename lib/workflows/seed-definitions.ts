import "server-only";
import { emit } from "../audit/emit";
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { DEFINITION_KINDS, type DefinitionKindName } from "./definition-kinds";
import { defaultNonEventSpecs, defaultWorkflowSpecs } from "./definition-spec";

/** Seeded versions apply to all history: before them nothing judged those instances at all. */
const SEED_EFFECTIVE_FROM = new Date(0);
export const SEED_LABEL = "system (default)";

/**
 * At start: every default definition whose key is not stored yet becomes version 1. A stored
 * definition is never touched, whatever an admin did to it, and a default added in a later
 * release appears on the next start.
 */
export async function ensureDefaultDefinitions(db: Db, log: (m: string) => void = () => {}): Promise<string[]> {
  const defaults: { kind: DefinitionKindName; key: string; spec: unknown }[] = [
    ...defaultWorkflowSpecs().map((spec) => ({ kind: "workflow" as const, key: spec.key, spec })),
    ...defaultNonEventSpecs().map((spec) => ({ kind: "non_event" as const, key: spec.key, spec })),
  ];
  const existing = await db.definition.findMany({ select: { kind: true, key: true } });
  const have = new Set(existing.map((d) => `${d.kind}/${d.key}`));
  const seeded: string[] = [];
  for (const d of defaults.filter((d) => !have.has(`${d.kind}/${d.key}`))) {
    const config = DEFINITION_KINDS[d.kind];
    try {
      await db.$transaction(async (tx) => {
        await tx.definition.create({
          data: { kind: d.kind, key: d.key, versions: { create: { version: 1, spec: d.spec as Prisma.InputJsonValue, enabled: true, effectiveFrom: SEED_EFFECTIVE_FROM, createdByLabel: SEED_LABEL } } },
        });
        await emit(tx, undefined, { action: config.created, entity: { type: config.entityType, id: d.key }, after: { version: 1, enabled: true, spec: d.spec as Prisma.InputJsonValue } });
      });
      seeded.push(`${d.kind}/${d.key}`);
    } catch (error) {
      // Another process seeded it between our read and our insert: it exists, which is the goal.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
  }
  if (seeded.length > 0) log(`default definitions seeded: ${seeded.join(", ")}`);
  return seeded;
}
