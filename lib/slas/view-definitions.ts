import { compileDefinitions, type CompiledDefinitions } from "./compiled-definitions";
import { defaultDefinitionVersions } from "./default-definitions";

export interface WorkflowInfo {
  key: string;
  name: string;
  objective: number;
  targetMs: number;
  stages: { key: string; label: string; system: string }[];
}

export interface ViewDefinitions {
  compiled: CompiledDefinitions;
  /** The version in effect now of each workflow, in definition order. */
  workflows: WorkflowInfo[];
}

/**
 * The definitions the pages judge and label instances with. Today the defaults of the product
 * brief; when definitions live in Postgres, this is the one place that loads them instead.
 */
export function viewDefinitions(): ViewDefinitions {
  const { workflows, nonEvents } = defaultDefinitionVersions();
  return {
    compiled: compileDefinitions(workflows, nonEvents),
    workflows: workflows.map((w) => ({
      key: w.key,
      name: w.spec.name,
      objective: w.spec.sla.objective,
      targetMs: w.spec.sla.targetMs,
      stages: w.spec.stages.map((s) => ({ key: s.key, label: s.label, system: s.system })),
    })),
  };
}
