import { describe, expect, it } from "vitest";
import { formatJsonPath, pathBeyondDepth, stringifyAnyDepth } from "./json-nesting";

const nested = (levels: number) => JSON.parse(`${'{"a":['.repeat(levels)}1${"]}".repeat(levels)}`) as unknown;

describe("pathBeyondDepth", () => {
  it("counts the value itself as level 1 and scalars as no level", () => {
    expect(pathBeyondDepth(1, 0)).toBeNull();
    expect(pathBeyondDepth({}, 1)).toBeNull();
    expect(pathBeyondDepth({}, 0)).toEqual([]);
    expect(pathBeyondDepth({ a: [1, { b: 2 }] }, 3)).toBeNull();
    expect(pathBeyondDepth({ a: [1, { b: 2 }] }, 2)).toEqual(["a", 1]);
  });

  it("finds the first path beyond the limit in input nested 100,000 levels, which JSON.stringify cannot walk", () => {
    const value = { ok: { x: 1 }, deep: nested(50_000) };
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    const path = pathBeyondDepth(value, 64);
    expect(path).toHaveLength(64);
    expect(path!.slice(0, 3)).toEqual(["deep", "a", 0]);
    expect(formatJsonPath(path!.slice(0, 3))).toBe("deep.a[0]");
  });
});

describe("stringifyAnyDepth", () => {
  it("writes what JSON.stringify writes", () => {
    const value = { s: 'q"\n', n: -1.5, b: true, z: null, u: undefined, list: [1, undefined, { k: [] }], empty: {}, "k\"ey": "v" };
    expect(stringifyAnyDepth(value)).toBe(JSON.stringify(value));
    expect(stringifyAnyDepth([])).toBe("[]");
    expect(stringifyAnyDepth("x")).toBe('"x"');
  });

  it("writes input nested 100,000 levels, which JSON.stringify cannot", () => {
    const text = `${'{"a":['.repeat(50_000)}1${"]}".repeat(50_000)}`;
    expect(stringifyAnyDepth(JSON.parse(text))).toBe(text);
  });
});
