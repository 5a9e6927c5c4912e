import { z } from "zod";
import { BUSINESS_TYPES, STEPS_BEFORE_HANDOFF, WORKFLOW_SLAS, WORKFLOW_STEPS, WORKFLOWS, type WorkflowName } from "./catalog";
import { eventLabel } from "./workflow-state";

/**
 * Workflow and non-event definitions as data. A definition is stored in versions (Postgres);
 * an instance is judged by the version in effect at its trigger time, so an edit applies to new
 * instances and never rewrites history. This module is the one schema every edge (API, UI,
 * seed, SLA engine) validates against.
 */

const SLUG = /^[a-z][a-z0-9-]{0,62}$/;
/** A CloudEvents type or source system with `*` wildcards ("mfg.inspection.*", "SAP-*"). */
const PATTERN = /^[A-Za-z0-9._\-*/:]{1,200}$/;
const PLANT = /^[A-Za-z0-9._-]{1,40}$/;

export const MAX_TARGET_MS = 90 * 24 * 3_600_000;
const targetMs = z.number().int().min(1_000).max(MAX_TARGET_MS);

/** Which events complete a stage (or trigger a workflow): listed types and/or a type pattern, optionally from matching source systems. */
export const EventMatchSchema = z
  .object({
    types: z.array(z.string().regex(PATTERN).refine((t) => !t.includes("*"), "list exact types here; use typePattern for wildcards")).max(20).default([]),
    typePattern: z.string().regex(PATTERN).optional(),
    sourcePattern: z.string().regex(PATTERN).optional(),
  })
  .strict()
  .refine((m) => m.types.length > 0 || m.typePattern !== undefined, { message: "name at least one event type or a type pattern" });
export type EventMatch = z.infer<typeof EventMatchSchema>;

export const StageSchema = z
  .object({
    key: z.string().regex(SLUG, "lowercase letters, digits and dashes"),
    label: z.string().trim().min(1).max(120),
    /** The system whose event completes the stage (ERP, MES, QMS, WMS, …). */
    system: z.string().trim().min(1).max(40),
    match: EventMatchSchema,
    /** SLA from the trigger to this stage's first completion; optional per stage. */
    targetMs: targetMs.optional(),
    /**
     * When the key changes mid-flow: the event completing this stage carries another correlation
     * id and is found through the instance's order or lot id instead. Absent: the same correlation id.
     */
    carriedBy: z.enum(["order", "lot"]).optional(),
  })
  .strict();
export type Stage = z.infer<typeof StageSchema>;

export const PlantOverrideSchema = z
  .object({
    targetMs: targetMs.optional(),
    stageTargets: z.record(z.string().regex(SLUG), targetMs).default({}),
    businessHours: z.boolean().optional(),
  })
  .strict();
export type PlantOverride = z.infer<typeof PlantOverrideSchema>;

export const WorkflowSpecSchema = z
  .object({
    key: z.string().regex(SLUG, "lowercase letters, digits and dashes"),
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2_000).default(""),
    /** The event that starts an instance; instances are keyed by correlation id. */
    trigger: EventMatchSchema,
    /** In the order they happen; the trigger's own event may also complete the first stage. */
    stages: z.array(StageSchema).min(1).max(20),
    sla: z
      .object({
        /** The stage that closes the end-to-end SLA. */
        untilStage: z.string().regex(SLUG),
        targetMs,
        /** Count only the plant's business hours (its calendar and time zone). */
        businessHours: z.boolean().default(false),
        /** Share of the target after which an open instance is at risk (besides the latency-based rule). */
        atRiskShare: z.number().min(0.5).max(0.99).default(0.8),
        /** SLO: the share of instances that must meet the end-to-end SLA. */
        objective: z.number().min(0.5).max(0.99999).default(0.99),
      })
      .strict(),
    plantOverrides: z.record(z.string().regex(PLANT), PlantOverrideSchema).default({}),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const keys = spec.stages.map((s) => s.key);
    keys.forEach((k, i) => {
      if (keys.indexOf(k) !== i) ctx.addIssue({ code: "custom", path: ["stages", i, "key"], message: `stage key "${k}" is used twice` });
    });
    if (!keys.includes(spec.sla.untilStage)) ctx.addIssue({ code: "custom", path: ["sla", "untilStage"], message: `no stage "${spec.sla.untilStage}" (stages: ${keys.join(", ")})` });
    for (const [plant, o] of Object.entries(spec.plantOverrides)) {
      for (const stage of Object.keys(o.stageTargets)) {
        if (!keys.includes(stage)) ctx.addIssue({ code: "custom", path: ["plantOverrides", plant, "stageTargets", stage], message: `no stage "${stage}"` });
      }
    }
  });
export type WorkflowSpec = z.infer<typeof WorkflowSpecSchema>;

/** Nodinite-style non-events: something expected that did not happen. */
export const NonEventSpecSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("missing_response"),
      key: z.string().regex(SLUG),
      name: z.string().trim().min(1).max(120),
      /** A request with no response (same correlation id) within `withinMs`. */
      request: EventMatchSchema,
      response: EventMatchSchema,
      withinMs: targetMs,
      plants: z.array(z.string().regex(PLANT)).max(100).default([]),
    })
    .strict(),
  z
    .object({
      kind: z.literal("volume"),
      key: z.string().regex(SLUG),
      name: z.string().trim().min(1).max(120),
      /** Too few or too many matching events per plant in each window of `windowMs`. */
      match: EventMatchSchema,
      windowMs: z.number().int().min(60_000).max(7 * 24 * 3_600_000).refine((ms) => ms % 60_000 === 0, "a whole number of minutes"),
      min: z.number().int().min(0).optional(),
      max: z.number().int().min(0).optional(),
      plants: z.array(z.string().regex(PLANT)).max(100).default([]),
    })
    .strict()
    .refine((v) => v.min !== undefined || v.max !== undefined, { message: "set min, max or both" })
    .refine((v) => v.min === undefined || v.max === undefined || v.min <= v.max, { message: "min must not exceed max" }),
]);
export type NonEventSpec = z.infer<typeof NonEventSpecSchema>;

/** A plant's clock for business-hours SLAs: IANA time zone, weekly opening hours, closed days. */
export const BusinessCalendarSchema = z
  .object({
    plant: z.string().regex(PLANT),
    timeZone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "an IANA time zone such as Europe/Berlin"),
    /** Per ISO weekday (1 = Monday … 7 = Sunday), opening windows as "HH:MM" local time. */
    weekly: z
      .array(
        z
          .object({ day: z.number().int().min(1).max(7), start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/) })
          .strict()
          .refine((w) => w.start < w.end, { message: "start must be before end" }),
      )
      .max(50),
    /** Local dates the plant is closed ("2026-12-25"). */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(400).default([]),
  })
  .strict();
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

/** One stored version of a definition, as the engine reads it. */
export interface DefinitionVersion<Spec> {
  key: string;
  version: number;
  /** The version applies to instances triggered at or after this instant. */
  effectiveFrom: Date;
  enabled: boolean;
  spec: Spec;
}

/** The system each default step comes from, as the simulator sends it (the `sourcesystem` vocabulary). */
const STEP_SYSTEMS: Record<string, string> = {
  "mfg.order.released": "ERP",
  "mfg.order.received": "MES",
  "mfg.order.acknowledged": "MES",
  "mfg.lot.received": "ERP",
  "mfg.goods.moved": "WMS",
  "mfg.inspection.created": "QMS",
  "mfg.inspection.passed": "QMS",
  "mfg.inspection.failed": "QMS",
  "mfg.stock.status_updated": "ERP",
  "mfg.lot.consumed": "MES",
  "mfg.lot.produced": "MES",
  "mfg.confirmation.posted": "ERP",
  "mfg.hold.placed": "ERP",
  "mfg.workorder.flagged": "MES",
  "mfg.analytics.refreshed": "ANALYTICS",
  "mfg.disposition.approved": "QMS",
  "mfg.warehouse.tasks_released": "WMS",
  "mfg.customer.notified": "PORTAL",
  "mfg.shipment.confirmed": "WMS",
  "mfg.delivery.posted": "ERP",
  "mfg.capa.closed": "QMS",
  "mfg.supplier.status_updated": "ERP",
  "mfg.supplier.notified": "SUPPLIER",
  "mfg.downtime.reported": "CMMS",
  "mfg.capacity.updated": "ERP",
};

const WORKFLOW_NAMES: Record<WorkflowName, string> = {
  "receipt-to-inspection": "Receipt to inspection",
  "order-release-to-mes": "Order release to MES",
  "confirmation-to-inventory": "Production confirmation to inventory",
  "inspection-to-hold": "Failed inspection to quality hold",
  "disposition-to-release": "Disposition to stock release",
  "order-to-shipment": "Shipment status propagation",
  "supplier-capa-sync": "Supplier CAPA synchronisation",
  "downtime-to-planning": "Downtime to planning",
};

function stageKey(type: string): string {
  return type.split(".").slice(1).join("-").replaceAll("_", "-");
}

/** The eight workflows of the product brief as definitions: what the seed stores as version 1. */
export function defaultWorkflowSpecs(): WorkflowSpec[] {
  return WORKFLOWS.map((name) => {
    const steps = WORKFLOW_STEPS[name] as readonly string[];
    const seen = new Set<string>();
    // A step may repeat (one consumption per input lot); a stage is its first completion.
    const unique = steps.filter((t) => !seen.has(t) && seen.add(t));
    const sla = WORKFLOW_SLAS[name];
    return WorkflowSpecSchema.parse({
      key: name,
      name: WORKFLOW_NAMES[name],
      description: `Default from the product brief; ${STEPS_BEFORE_HANDOFF[name]} step(s) before the middleware hand-off.`,
      trigger: { types: [unique[0]!] },
      stages: unique.map((type) => ({ key: stageKey(type), label: eventLabel(type), system: STEP_SYSTEMS[type] ?? "UNKNOWN", match: { types: [type] } })),
      sla: { untilStage: stageKey(sla.until), targetMs: sla.ms },
      plantOverrides: {},
    });
  });
}

/** Defaults for non-events: an order released to MES with no acknowledgement, and a plant that stops posting confirmations. */
export function defaultNonEventSpecs(): NonEventSpec[] {
  return [
    NonEventSpecSchema.parse({
      kind: "missing_response",
      key: "order-ack-missing",
      name: "Released order never acknowledged by MES",
      request: { types: [BUSINESS_TYPES.orderReleased] },
      response: { types: [BUSINESS_TYPES.orderAcknowledged] },
      withinMs: 10 * 60_000,
    }),
    NonEventSpecSchema.parse({
      kind: "volume",
      key: "confirmations-stalled",
      name: "Too few production confirmations",
      match: { types: [BUSINESS_TYPES.confirmationPosted] },
      windowMs: 30 * 60_000,
      min: 1,
    }),
  ];
}
