import type { DefinitionVersion, EventMatch, NonEventSpec, WorkflowSpec } from "../workflows/definition-spec";
import { memoisedEventMatch, type EventPredicate } from "./event-predicate";

/** A workflow version ready for evaluation: predicates compiled once per cycle, not per instance. */
export interface CompiledWorkflow {
  key: string;
  version: number;
  effectiveFrom: number;
  enabled: boolean;
  spec: WorkflowSpec;
  trigger: EventPredicate;
  stages: EventPredicate[];
  untilIndex: number;
}

export interface CompiledMissingResponse {
  key: string;
  version: number;
  effectiveFrom: number;
  enabled: boolean;
  spec: Extract<NonEventSpec, { kind: "missing_response" }>;
  request: EventPredicate;
  response: EventPredicate;
}

export interface CompiledDefinitions {
  /** Per workflow key, versions by effectiveFrom ascending. */
  workflows: CompiledWorkflow[][];
  missingResponses: CompiledMissingResponse[][];
  /** Some stage is carried by an order or lot id (the key changes mid-flow): aggregates need their linked events. */
  needsLinkedEvents: boolean;
}

function groupVersions<T extends { key: string; effectiveFrom: number; version: number }>(items: T[]): T[][] {
  const by = new Map<string, T[]>();
  for (const item of items) by.set(item.key, [...(by.get(item.key) ?? []), item]);
  return [...by.values()].map((versions) => versions.sort((a, b) => a.effectiveFrom - b.effectiveFrom || a.version - b.version));
}

export function compileDefinitions(workflows: readonly DefinitionVersion<WorkflowSpec>[], nonEvents: readonly DefinitionVersion<NonEventSpec>[]): CompiledDefinitions {
  const cache = new Map<string, EventPredicate>();
  const compile = (m: EventMatch) => {
    const id = JSON.stringify(m);
    let p = cache.get(id);
    if (!p) cache.set(id, (p = memoisedEventMatch(m)));
    return p;
  };
  return {
    needsLinkedEvents: workflows.some((w) => w.spec.stages.some((st) => st.carriedBy !== undefined)),
    workflows: groupVersions(
      workflows.map((w) => ({
        key: w.key,
        version: w.version,
        effectiveFrom: w.effectiveFrom.getTime(),
        enabled: w.enabled,
        spec: w.spec,
        trigger: compile(w.spec.trigger),
        stages: w.spec.stages.map((s) => compile(s.match)),
        untilIndex: w.spec.stages.findIndex((s) => s.key === w.spec.sla.untilStage),
      })),
    ),
    missingResponses: groupVersions(
      nonEvents.flatMap((n) =>
        n.spec.kind === "missing_response"
          ? [{ key: n.key, version: n.version, effectiveFrom: n.effectiveFrom.getTime(), enabled: n.enabled, spec: n.spec, request: compile(n.spec.request), response: compile(n.spec.response) }]
          : [],
      ),
    ),
  };
}

/** The version in effect at `at`: the latest that started at or before it, else the first (instances older than every version). */
export function versionAt<T extends { effectiveFrom: number }>(versions: readonly T[], at: number): T | undefined {
  let chosen = versions[0];
  for (const v of versions) if (v.effectiveFrom <= at) chosen = v;
  return chosen;
}
