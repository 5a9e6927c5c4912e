import "server-only";
import { z } from "zod";
import { auditActor } from "../audit/audit-actor";
import { emit } from "../audit/emit";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { badRequest, conflict } from "../http/errors";
import { parseOr400 } from "./definition-body";
import { BusinessCalendarSchema, type BusinessCalendar } from "./definition-spec";

/**
 * One business calendar per plant. Calendars are not versioned: a business-hours deadline is
 * computed when the engine evaluates, with the calendar as it is then. `revision` is the
 * optimistic lock of an edit, and the audit log keeps every before and after.
 */

export interface CalendarView {
  calendar: BusinessCalendar;
  revision: number;
  updatedAt: string;
  updatedBy: string;
}

export const PlantParamSchema = BusinessCalendarSchema.shape.plant;

const SaveCalendarBodySchema = z
  .object({
    /** The revision the client edited; null (or absent) creates the plant's first calendar. */
    baseRevision: z.number().int().min(1).nullable().default(null),
    calendar: z.record(z.string(), z.unknown()),
  })
  .strict();

type CalendarRow = Prisma.BusinessCalendarRecordGetPayload<object>;

function toCalendar(row: CalendarRow): BusinessCalendar {
  return BusinessCalendarSchema.parse({ plant: row.plant, timeZone: row.timeZone, weekly: row.weekly, holidays: row.holidays });
}

function view(row: CalendarRow): CalendarView {
  return { calendar: toCalendar(row), revision: row.revision, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedByLabel };
}

export async function listCalendars(db: Db): Promise<CalendarView[]> {
  return (await db.businessCalendarRecord.findMany({ orderBy: { plant: "asc" } })).map(view);
}

export async function getCalendar(db: Db, plant: string): Promise<CalendarView | null> {
  const row = await db.businessCalendarRecord.findUnique({ where: { plant } });
  return row ? view(row) : null;
}

/** Creates or replaces a plant's calendar; 409 when someone else saved since `baseRevision`. */
export async function saveCalendar(db: Db, actor: Actor, plant: string, body: unknown): Promise<{ calendar: CalendarView; changed: boolean }> {
  const input = parseOr400(SaveCalendarBodySchema, body, "the request");
  if (input.calendar.plant !== undefined && input.calendar.plant !== plant) {
    const message = `the plant is "${plant}" (from the URL)`;
    throw badRequest(`the calendar is not valid: calendar.plant: ${message}`, { issues: [{ path: ["calendar", "plant"], field: "calendar.plant", message }] });
  }
  const calendar = parseOr400(BusinessCalendarSchema, { ...input.calendar, plant }, "the calendar", ["calendar"]);
  const who = auditActor(actor, "system");
  const data = { timeZone: calendar.timeZone, weekly: calendar.weekly as Prisma.InputJsonValue, holidays: [...new Set(calendar.holidays)].sort(), updatedById: who.actorId, updatedByLabel: who.actorLabel };
  const stale = (current: number | null) =>
    conflict(current === null ? `plant ${plant} has no calendar yet; reload` : `the calendar of ${plant} is at revision ${current}, you edited ${input.baseRevision ?? "none"}; reload to see the changes`, {
      currentRevision: current,
      baseRevision: input.baseRevision,
    });
  const changed = await db
    .$transaction(async (tx) => {
      const current = await tx.businessCalendarRecord.findUnique({ where: { plant } });
      if ((current?.revision ?? null) !== input.baseRevision) throw stale(current?.revision ?? null);
      const before = current ? toCalendar(current) : null;
      const after: BusinessCalendar = { ...calendar, holidays: data.holidays };
      if (before && JSON.stringify(before) === JSON.stringify(after)) return false;
      const now = new Date();
      if (current) {
        // Conditional on the revision read above, so a concurrent save cannot be overwritten.
        const { count } = await tx.businessCalendarRecord.updateMany({ where: { plant, revision: current.revision }, data: { ...data, revision: current.revision + 1, updatedAt: now } });
        if (count === 0) throw stale(current.revision + 1);
      } else {
        await tx.businessCalendarRecord.create({ data: { plant, ...data, revision: 1, updatedAt: now } });
      }
      await emit(tx, actor, { action: "business_calendar.updated", entity: { type: "business_calendar", id: plant }, before: before as Prisma.InputJsonValue | null, after: after as Prisma.InputJsonValue, at: now });
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw stale(1);
      throw error;
    });
  return { calendar: (await getCalendar(db, plant))!, changed };
}
