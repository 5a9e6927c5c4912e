import { describe, expect, it } from "vitest";
import { EventMatchSchema } from "./definition-spec";
import { compileEventMatch, globToRegex } from "./event-match";

const compile = (input: unknown) => compileEventMatch(EventMatchSchema.parse(input));

describe("event matching", () => {
  it("matches listed types exactly, never as a prefix or with a dot as any character", () => {
    const m = compile({ types: ["mfg.order.released", "mfg.order.acknowledged"] });
    expect(m.test({ type: "mfg.order.released" })).toBe(true);
    expect(m.test({ type: "mfg.order.acknowledged" })).toBe(true);
    expect(m.test({ type: "mfg.order.released.v2" })).toBe(false);
    expect(m.test({ type: "xmfg.order.released" })).toBe(false);
    expect(m.test({ type: "mfgXorderXreleased" })).toBe(false);
    expect(m.typeRegex).toBe("^(?:mfg\\.order\\.released|mfg\\.order\\.acknowledged)$");
    expect(m.types).toEqual(["mfg.order.released", "mfg.order.acknowledged"]);
    expect(m.sourceRegex).toBeNull();
  });

  it("treats * in a type pattern as any run of characters, including none and dots", () => {
    const m = compile({ typePattern: "mfg.inspection.*" });
    expect(m.test({ type: "mfg.inspection.failed" })).toBe(true);
    expect(m.test({ type: "mfg.inspection.a.b" })).toBe(true);
    expect(m.test({ type: "mfg.inspection." })).toBe(true);
    expect(m.test({ type: "mfg.inspection" })).toBe(false);
    expect(m.test({ type: "mfg.inspectionXfailed" })).toBe(false);
    expect(compile({ typePattern: "*.failed" }).test({ type: "integration.message.failed" })).toBe(true);
  });

  it("combines listed types and a pattern as alternatives", () => {
    const m = compile({ types: ["mfg.hold.placed"], typePattern: "mfg.inspection.*" });
    expect(m.test({ type: "mfg.hold.placed" })).toBe(true);
    expect(m.test({ type: "mfg.inspection.passed" })).toBe(true);
    expect(m.test({ type: "mfg.lot.received" })).toBe(false);
  });

  it("requires a matching source system when a source pattern is given", () => {
    const m = compile({ types: ["mfg.order.released"], sourcePattern: "SAP-*" });
    expect(m.sourceRegex).toBe("^SAP-.*$");
    expect(m.test({ type: "mfg.order.released", sourceSystem: "SAP-ECC" })).toBe(true);
    expect(m.test({ type: "mfg.order.released", sourceSystem: "ORACLE" })).toBe(false);
    expect(m.test({ type: "mfg.order.released" })).toBe(false);
    expect(m.test({ type: "mfg.order.released", sourceSystem: null })).toBe(false);
    expect(m.test({ type: "mfg.order.acknowledged", sourceSystem: "SAP-ECC" })).toBe(false);
  });

  it("escapes every regex metacharacter so the expression means the literal text (RE2-safe)", () => {
    expect(globToRegex("a.b+c?(d)[e]{f}|g^h$i\\j")).toBe("^a\\.b\\+c\\?\\(d\\)\\[e\\]\\{f\\}\\|g\\^h\\$i\\\\j$");
    expect(new RegExp(globToRegex("a.b+c?(d)")).test("a.b+c?(d)")).toBe(true);
    expect(new RegExp(globToRegex("a.b+c?(d)")).test("aXbbc(d)")).toBe(false);
    // No look-around or back-references: only what RE2 accepts.
    for (const re of [compile({ typePattern: "x*y*z" }).typeRegex, globToRegex("SAP-*:/x")]) expect(re).not.toMatch(/\(\?[=!<]|\\[1-9]/);
  });

  it("refuses a match that names nothing, and a wildcard among exact types", () => {
    expect(EventMatchSchema.safeParse({}).success).toBe(false);
    expect(EventMatchSchema.safeParse({ types: [] }).success).toBe(false);
    const wild = EventMatchSchema.safeParse({ types: ["mfg.*"] });
    expect(wild.success).toBe(false);
    expect(wild.error?.issues[0]?.path).toEqual(["types", 0]);
    expect(EventMatchSchema.safeParse({ typePattern: "mfg order" }).success).toBe(false);
  });
});
