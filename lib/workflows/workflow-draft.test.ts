import { describe, expect, it } from "vitest";
import { defaultWorkflowSpecs, WorkflowSpecSchema } from "./definition-spec";
import { specFromDraft, workflowDraft } from "./workflow-draft";

describe("workflow editor draft", () => {
  it("round-trips every default spec unchanged", () => {
    for (const spec of defaultWorkflowSpecs()) expect(WorkflowSpecSchema.parse(specFromDraft(workflowDraft(spec, true)))).toEqual(spec);
  });

  it("converts minutes and percentages, and sends what is not a number as typed so the API names the field", () => {
    const spec = defaultWorkflowSpecs()[0]!;
    const draft = workflowDraft({ ...spec, plantOverrides: { P100: { targetMs: 90_000, stageTargets: {}, businessHours: true } } }, true);
    expect(draft.sla.targetMin).toBe("10");
    expect(draft.overrides[0]).toMatchObject({ plant: "P100", targetMin: "1.5", businessHours: "yes" });
    const edited = specFromDraft({ ...draft, sla: { ...draft.sla, targetMin: "12.5", atRiskPct: "75", objectivePct: "99.9" } }) as { sla: Record<string, unknown> };
    expect(edited.sla).toMatchObject({ targetMs: 750_000, atRiskShare: 0.75, objective: 0.999 });
    const typo = WorkflowSpecSchema.safeParse(specFromDraft({ ...draft, sla: { ...draft.sla, targetMin: "ten" } }));
    expect(typo.error?.issues.map((i) => i.path.join("."))).toEqual(["sla.targetMs"]);
  });
});
