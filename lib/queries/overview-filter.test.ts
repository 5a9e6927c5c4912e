import { describe, expect, it } from "vitest";
import { overviewSearch, parseOverviewFilter, windowMinutesOf } from "./overview-filter";

describe("overview filter from the URL", () => {
  it("reads the range, plant and system", () => {
    const f = parseOverviewFilter(new URLSearchParams("range=6h&plant=P200&system=MES"));
    expect(f).toEqual({ range: "6h", plant: "P200", system: "MES" });
    expect(windowMinutesOf(f)).toBe(360);
    expect(overviewSearch(f)).toBe("range=6h&plant=P200&system=MES");
  });

  it("drops what does not parse instead of failing the page", () => {
    expect(parseOverviewFilter({ range: "7d", system: "NOT-A-SYSTEM", plant: "" })).toEqual({ range: "1h" });
    expect(parseOverviewFilter({ range: ["24h", "1h"], plant: ["P100"] })).toEqual({ range: "24h", plant: "P100" });
    expect(parseOverviewFilter({ plant: "x".repeat(101) })).toEqual({ range: "1h" });
    expect(overviewSearch({ range: "1h" })).toBe("range=1h");
  });
});
