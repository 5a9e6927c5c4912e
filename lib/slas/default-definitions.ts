import { defaultNonEventSpecs, defaultWorkflowSpecs, type DefinitionVersion, type NonEventSpec, type WorkflowSpec } from "../workflows/definition-spec";

/** The defaults of the product brief as version 1 of each definition, in effect since the epoch. */
export function defaultDefinitionVersions(): { workflows: DefinitionVersion<WorkflowSpec>[]; nonEvents: DefinitionVersion<NonEventSpec>[] } {
  const v1 = <S extends { key: string }>(spec: S): DefinitionVersion<S> => ({ key: spec.key, version: 1, effectiveFrom: new Date(0), enabled: true, spec });
  return { workflows: defaultWorkflowSpecs().map(v1), nonEvents: defaultNonEventSpecs().map(v1) };
}
