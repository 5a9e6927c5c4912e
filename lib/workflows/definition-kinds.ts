import type { AuditAction } from "../audit/emit";
import { NonEventSpecSchema, WorkflowSpecSchema, type NonEventSpec, type WorkflowSpec } from "./definition-spec";

/** The two kinds of versioned definition share one store; these are the differences. */
export const DEFINITION_KINDS = {
  workflow: {
    schema: WorkflowSpecSchema,
    noun: "workflow",
    entityType: "workflow_definition",
    created: "workflow_definition.created",
    updated: "workflow_definition.updated",
  },
  non_event: {
    schema: NonEventSpecSchema,
    noun: "non-event",
    entityType: "non_event_definition",
    created: "non_event_definition.created",
    updated: "non_event_definition.updated",
  },
} as const satisfies Record<string, { entityType: string; created: AuditAction; updated: AuditAction; noun: string; schema: unknown }>;

export type DefinitionKindName = keyof typeof DEFINITION_KINDS;
export type SpecOf<K extends DefinitionKindName> = K extends "workflow" ? WorkflowSpec : NonEventSpec;
