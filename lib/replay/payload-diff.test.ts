import { describe, expect, it } from "vitest";
import { describeChange, parseJson, payloadChanges } from "./payload-diff";

describe("payloadChanges", () => {
  it("finds changed, added and removed leaves, nested and in arrays", () => {
    const before = { item: "HSG-PUMP-200", quantity: 100, uom: "EA", lines: [{ qty: 1 }, { qty: 2 }], meta: { plant: "P100" } };
    const after = { item: "HSG-PUMP-200", quantity: 120, lines: [{ qty: 1 }, { qty: 3 }, { qty: 4 }], meta: { plant: "P100", note: "re-sent" } };
    expect(payloadChanges(before, after)).toEqual([
      { kind: "changed", path: "quantity", before: 100, after: 120 },
      { kind: "removed", path: "uom", before: "EA" },
      { kind: "changed", path: "lines.1.qty", before: 2, after: 3 },
      { kind: "added", path: "lines.2", after: { qty: 4 } },
      { kind: "added", path: "meta.note", after: "re-sent" },
    ]);
  });

  it("is empty for equal values and one change when the type differs", () => {
    expect(payloadChanges({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
    expect(payloadChanges({ a: { b: 1 } }, { a: "b" })).toEqual([{ kind: "changed", path: "a", before: { b: 1 }, after: "b" }]);
    expect(payloadChanges(null, { a: 1 })).toEqual([{ kind: "changed", path: "(whole payload)", before: null, after: { a: 1 } }]);
  });

  it("describes each change on one line, long values cut", () => {
    expect(describeChange({ kind: "changed", path: "quantity", before: 100, after: 120 })).toBe("quantity: 100 → 120");
    expect(describeChange({ kind: "added", path: "note", after: "x" })).toBe('+ note: "x"');
    expect(describeChange({ kind: "removed", path: "uom", before: "EA" })).toBe('− uom (was "EA")');
    expect(describeChange({ kind: "added", path: "long", after: "y".repeat(100) })).toHaveLength(`+ long: `.length + 60);
  });
});

describe("parseJson", () => {
  it("parses valid JSON and says the line and column where invalid JSON stops", () => {
    expect(parseJson('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    const bad = parseJson('{\n  "a": 1,\n}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/\(line 3, column 1\)$/);
    expect(parseJson("").ok).toBe(false);
  });
});
