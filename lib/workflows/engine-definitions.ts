import "server-only";
import type { Db } from "../db/client";
import { BusinessCalendarSchema, NonEventSpecSchema, WorkflowSpecSchema, type BusinessCalendar, type DefinitionVersion, type NonEventSpec, type WorkflowSpec } from "./definition-spec";

export interface EngineDefinitions {
  /** Every version of every workflow, by key then version ascending. */
  workflows: DefinitionVersion<WorkflowSpec>[];
  nonEvents: DefinitionVersion<NonEventSpec>[];
  calendars: BusinessCalendar[];
}

/**
 * Everything the SLA engine judges by. All versions, not only the current ones: an instance is
 * judged by the version in effect at its trigger time (versionInEffect). A stored spec that no
 * longer validates is reported and left out, so one bad row cannot stop every evaluation.
 */
export async function loadEngineDefinitions(db: Db, options: { onInvalid?: (what: string, message: string) => void } = {}): Promise<EngineDefinitions> {
  const [definitions, calendarRows] = await Promise.all([
    db.definition.findMany({ include: { versions: { orderBy: { version: "asc" } } }, orderBy: { key: "asc" } }),
    db.businessCalendarRecord.findMany({ orderBy: { plant: "asc" } }),
  ]);
  const result: EngineDefinitions = { workflows: [], nonEvents: [], calendars: [] };
  const invalid = (what: string, error: { message: string }) => options.onInvalid?.(what, error.message);
  for (const d of definitions) {
    for (const v of d.versions) {
      const base = { key: d.key, version: v.version, effectiveFrom: v.effectiveFrom, enabled: v.enabled };
      if (d.kind === "workflow") {
        const spec = WorkflowSpecSchema.safeParse(v.spec);
        if (spec.success) result.workflows.push({ ...base, spec: spec.data });
        else invalid(`workflow ${d.key} v${v.version}`, spec.error);
      } else {
        const spec = NonEventSpecSchema.safeParse(v.spec);
        if (spec.success) result.nonEvents.push({ ...base, spec: spec.data });
        else invalid(`non-event ${d.key} v${v.version}`, spec.error);
      }
    }
  }
  for (const row of calendarRows) {
    const calendar = BusinessCalendarSchema.safeParse({ plant: row.plant, timeZone: row.timeZone, weekly: row.weekly, holidays: row.holidays });
    if (calendar.success) result.calendars.push(calendar.data);
    else invalid(`calendar ${row.plant}`, calendar.error);
  }
  return result;
}
