import { describe, expect, it } from "vitest";
import { defaultWorkflowSpecs } from "./definition-spec";
import { diffSpecs } from "./spec-diff";

const base = defaultWorkflowSpecs().find((s) => s.key === "inspection-to-hold")!;

describe("version diff", () => {
  it("names a changed target in words and as a duration", () => {
    expect(diffSpecs(base, { ...base, sla: { ...base.sla, targetMs: 10 * 60_000 } })).toEqual([{ path: "sla › targetMs", before: "5 min 00 s", after: "10 min 00 s" }]);
  });

  it("addresses stages by key: a reorder is one change, a new stage lists its fields", () => {
    const [first, second, ...rest] = base.stages;
    const reordered = diffSpecs(base, { ...base, stages: [second!, first!, ...rest] });
    expect(reordered).toEqual([{ path: "stages › order", before: base.stages.map((s) => s.key).join(" → "), after: [second!.key, first!.key, ...rest.map((s) => s.key)].join(" → ") }]);
    const added = diffSpecs(base, { ...base, stages: [...base.stages, { key: "erp-ack", label: "ERP ack", system: "ERP", match: { types: ["mfg.ack"] } }] });
    expect(added.map((c) => c.path)).toEqual(["stages › order", "stages › erp-ack › label", "stages › erp-ack › system", "stages › erp-ack › match › types"]);
    expect(added[3]).toEqual({ path: "stages › erp-ack › match › types", before: null, after: "mfg.ack" });
  });

  it("reports removed fields and plant overrides, and nothing for equal specs", () => {
    expect(diffSpecs(base, base)).toEqual([]);
    const withOverride = { ...base, plantOverrides: { P100: { targetMs: 60_000, stageTargets: {}, businessHours: true } } };
    expect(diffSpecs(base, withOverride)).toEqual([
      { path: "plantOverrides › P100 › targetMs", before: null, after: "1 min 00 s" },
      { path: "plantOverrides › P100 › businessHours", before: null, after: "yes" },
    ]);
    expect(diffSpecs(withOverride, base).map((c) => c.after)).toEqual([null, null]);
    expect(diffSpecs({ enabled: true }, { enabled: false })).toEqual([{ path: "enabled", before: "yes", after: "no" }]);
  });
});
