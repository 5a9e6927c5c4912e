import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { emit } from "../audit/emit";
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import { notFound } from "../http/errors";
import { parseOr400 } from "../workflows/definition-body";
import { InboxFilterSchema, type InboxFilter } from "./inbox-filter";

export const SavedViewBodySchema = z.object({ name: z.string().trim().min(1).max(80), filters: InboxFilterSchema }).strict();

export interface SavedView {
  id: string;
  name: string;
  filters: InboxFilter;
}

/** The caller's saved inbox views; a view whose filters no longer parse is left out rather than failing the list. */
export async function listViews(db: Db, actor: Actor): Promise<SavedView[]> {
  const rows = await db.exceptionView.findMany({ where: { userId: actor.id }, orderBy: { name: "asc" } });
  return rows.flatMap((r) => {
    const filters = InboxFilterSchema.safeParse(r.filters);
    return filters.success ? [{ id: r.id, name: r.name, filters: filters.data }] : [];
  });
}

/** Saves a view under its name for the caller (the same name replaces it). */
export async function saveView(db: Db, actor: Actor, body: unknown): Promise<SavedView> {
  const { name, filters } = parseOr400(SavedViewBodySchema, body, "the view");
  const json = JSON.parse(JSON.stringify(filters)) as Prisma.InputJsonValue;
  return db.$transaction(async (tx) => {
    const row = await tx.exceptionView.upsert({ where: { userId_name: { userId: actor.id, name } }, create: { userId: actor.id, name, filters: json }, update: { filters: json } });
    await emit(tx, actor, { action: "exception_view.saved", entity: { type: "exception_view", id: row.id }, after: { name, filters: json } });
    return { id: row.id, name, filters };
  });
}

export async function deleteView(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.exceptionView.findUnique({ where: { id } });
    if (!row || row.userId !== actor.id) throw notFound(`no saved view ${id.slice(0, 40)}`);
    await tx.exceptionView.delete({ where: { id } });
    await emit(tx, actor, { action: "exception_view.deleted", entity: { type: "exception_view", id }, before: { name: row.name }, after: null });
  });
}
