import { describe, expect, it } from "vitest";
import { SOURCE_SYSTEMS } from "../events/contract";
import { ciede2000, deltaE, hexToRgb, rgbToLab, type Deficiency } from "../../test/color-difference";
import { FAILURE_COLOR, SYSTEM_COLORS, systemColor } from "./system-colors";

/**
 * How far apart two series colours must be (CIEDE2000). 15 keeps every pair in a different hue
 * family for normal vision; the dichromat floors are lower because nine hues cannot all survive
 * the loss of one cone type, and tritanopia (about 1 in 30,000) loses most.
 */
const FLOOR: Record<"normal" | Deficiency, number> = { normal: 15, protanopia: 9, deuteranopia: 9, tritanopia: 6 };

function closestPair(colors: Record<string, string>, deficiency?: Deficiency): { pair: string; distance: number } {
  const names = Object.keys(colors);
  let closest = { pair: "", distance: Number.POSITIVE_INFINITY };
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const distance = deltaE(colors[names[i]!]!, colors[names[j]!]!, deficiency);
      if (distance < closest.distance) closest = { pair: `${names[i]}/${names[j]}`, distance };
    }
  }
  return closest;
}

describe("CIEDE2000 (the check the palette relies on)", () => {
  // Sharma, Wu & Dalal (2005), Table 1: pairs 1, 7, 17, 18 and 25.
  it.each([
    [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
    [[50, 0, 0], [50, -1, 2], 2.3669],
    [[50, 2.5, 0], [73, 25, -18], 27.1492],
    [[50, 2.5, 0], [61, -5, 29], 22.8977],
    [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  ])("%j vs %j is %d", (a, b, expected) => {
    expect(ciede2000(a, b)).toBeCloseTo(expected, 3);
  });

  it("converts sRGB to CIELAB (D65)", () => {
    const [L, a, b] = rgbToLab(hexToRgb("#FF0000"));
    expect(L).toBeCloseTo(53.24, 1);
    expect(a).toBeCloseTo(80.09, 1);
    expect(b).toBeCloseTo(67.2, 1);
  });

  it("catches the purples and greens the overview used to draw", () => {
    const before = { MIDDLEWARE: "#7c3aed", PORTAL: "#9333ea", WMS: "#059669", ANALYTICS: "#0d9488" };
    expect(closestPair(before).distance).toBeLessThan(FLOOR.normal);
    expect(deltaE("#059669", "#0d9488")).toBeLessThan(FLOOR.normal);
  });
});

describe("system palette", () => {
  const series = { ...SYSTEM_COLORS, FAILURES: FAILURE_COLOR };

  it("colours every source system of the event contract, each differently", () => {
    expect(Object.keys(SYSTEM_COLORS).sort()).toEqual([...SOURCE_SYSTEMS].sort());
    expect(new Set(Object.values(series).map((c) => c.toLowerCase())).size).toBe(Object.keys(series).length);
  });

  it.each(["normal", "protanopia", "deuteranopia", "tritanopia"] as const)("keeps every pair of series apart (%s)", (vision) => {
    const { pair, distance } = closestPair(series, vision === "normal" ? undefined : vision);
    expect(distance, `${pair} are ΔE00 ${distance.toFixed(1)} apart`).toBeGreaterThanOrEqual(FLOOR[vision]);
  });

  it("looks systems up in any case and colours an unknown name as UNKNOWN", () => {
    expect(systemColor("mes")).toBe(SYSTEM_COLORS.MES);
    expect(systemColor("LEGACY-EDI")).toBe(SYSTEM_COLORS.UNKNOWN);
  });
});
