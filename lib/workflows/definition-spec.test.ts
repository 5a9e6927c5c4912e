import { describe, expect, it } from "vitest";
import { defaultNonEventSpecs, defaultWorkflowSpecs, NonEventSpecSchema, WorkflowSpecSchema, type WorkflowSpec } from "./definition-spec";

const base = defaultWorkflowSpecs()[0]!;
const paths = (input: unknown) => WorkflowSpecSchema.safeParse(input).error?.issues.map((i) => i.path.join(".")) ?? [];

describe("definition spec validation", () => {
  it("defines the eight workflows of the brief and two non-events, all valid and with unique keys", () => {
    const specs = defaultWorkflowSpecs();
    expect(specs).toHaveLength(8);
    expect(new Set(specs.map((s) => s.key)).size).toBe(8);
    for (const s of specs) expect(s.stages.map((st) => st.key)).toContain(s.sla.untilStage);
    expect(defaultNonEventSpecs().map((n) => n.kind)).toEqual(["missing_response", "volume"]);
  });

  it("names duplicate stage keys, an unknown closing stage and an override of an unknown stage by path", () => {
    const dup: WorkflowSpec = { ...base, stages: [base.stages[0]!, { ...base.stages[1]!, key: base.stages[0]!.key }] };
    expect(paths(dup)).toContain("stages.1.key");
    expect(paths({ ...base, sla: { ...base.sla, untilStage: "nope" } })).toEqual(["sla.untilStage"]);
    expect(paths({ ...base, plantOverrides: { P100: { stageTargets: { ghost: 60_000 } } } })).toEqual(["plantOverrides.P100.stageTargets.ghost"]);
  });

  it("bounds targets, shares and sizes", () => {
    expect(paths({ ...base, sla: { ...base.sla, targetMs: 999 } })).toEqual(["sla.targetMs"]);
    expect(paths({ ...base, sla: { ...base.sla, targetMs: 91 * 24 * 3_600_000 } })).toEqual(["sla.targetMs"]);
    expect(paths({ ...base, sla: { ...base.sla, targetMs: 1500.5 } })).toEqual(["sla.targetMs"]);
    expect(paths({ ...base, sla: { ...base.sla, atRiskShare: 1 } })).toEqual(["sla.atRiskShare"]);
    expect(paths({ ...base, sla: { ...base.sla, objective: 1 } })).toEqual(["sla.objective"]);
    expect(paths({ ...base, stages: [] })).toContain("stages");
    expect(paths({ ...base, key: "Has Spaces" })).toEqual(["key"]);
    expect(paths({ ...base, name: "   " })).toEqual(["name"]);
  });

  it("refuses unknown fields instead of ignoring a typo", () => {
    expect(paths({ ...base, slas: {} })).toEqual([""]);
    expect(paths({ ...base, sla: { ...base.sla, target: 5 } })).toEqual(["sla"]);
  });

  it("fills defaults for optional SLA fields", () => {
    const parsed = WorkflowSpecSchema.parse({ ...base, description: undefined, plantOverrides: undefined, sla: { untilStage: base.sla.untilStage, targetMs: 60_000 } });
    expect(parsed.sla).toEqual({ untilStage: base.sla.untilStage, targetMs: 60_000, businessHours: false, atRiskShare: 0.8, objective: 0.99 });
    expect(parsed.plantOverrides).toEqual({});
  });

  it("checks non-events by kind: a volume window in whole minutes, min ≤ max, one bound at least", () => {
    const volume = defaultNonEventSpecs()[1]!;
    expect(NonEventSpecSchema.safeParse({ ...volume, windowMs: 90_000 }).success).toBe(false);
    expect(NonEventSpecSchema.safeParse({ ...volume, min: 5, max: 2 }).success).toBe(false);
    expect(NonEventSpecSchema.safeParse({ ...volume, min: undefined }).success).toBe(false);
    expect(NonEventSpecSchema.safeParse({ ...volume, kind: "something" }).success).toBe(false);
    expect(NonEventSpecSchema.safeParse({ ...volume, max: 100 }).success).toBe(true);
  });
});
