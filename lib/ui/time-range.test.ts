import { describe, expect, it } from "vitest";
import { parseTimeRange, rangeDays, rangeQuery } from "./time-range";

const now = Date.parse("2026-03-10T12:00:00Z");

describe("time range from the URL", () => {
  it("reads a preset and falls back on a missing or unknown one", () => {
    expect(parseTimeRange({ range: "7d" }, now)).toMatchObject({ key: "7d", from: now - 7 * 86_400_000, to: now, label: "Last 7 days" });
    expect(parseTimeRange({}, now).key).toBe("24h");
    expect(parseTimeRange({ range: "2y" }, now, "1h")).toMatchObject({ key: "1h", from: now - 3_600_000 });
    expect(parseTimeRange(new URLSearchParams("range=90d"), now).key).toBe("90d");
    expect(parseTimeRange({ range: ["6h", "1h"] }, now).key).toBe("6h");
  });

  it("takes a custom from/to, clipped to 90 days and to now", () => {
    const r = parseTimeRange({ from: "2026-03-01T00:00:00Z", to: "2026-03-02T06:00:00Z" }, now);
    expect(r).toMatchObject({ key: "custom", from: Date.parse("2026-03-01T00:00:00Z"), to: Date.parse("2026-03-02T06:00:00Z") });
    expect(r.label).toBe("2026-03-01 00:00 – 2026-03-02 06:00 UTC");
    const long = parseTimeRange({ from: "2025-01-01T00:00:00Z", to: "2026-04-01T00:00:00Z" }, now);
    expect(long.to).toBe(now);
    expect(long.to - long.from).toBe(90 * 86_400_000);
  });

  it("ignores a custom range that is malformed, reversed or entirely in the future", () => {
    expect(parseTimeRange({ from: "yesterday", to: "2026-03-02T00:00:00Z" }, now).key).toBe("24h");
    expect(parseTimeRange({ from: "2026-03-05T00:00:00Z", to: "2026-03-04T00:00:00Z" }, now).key).toBe("24h");
    expect(parseTimeRange({ from: "2026-04-01T00:00:00Z", to: "2026-04-02T00:00:00Z", range: "1h" }, now).key).toBe("1h");
  });

  it("writes a range back to a query string and names the days it touches", () => {
    expect(rangeQuery({ key: "30d", from: 0, to: 0 })).toEqual({ range: "30d" });
    const custom = parseTimeRange({ from: "2026-03-01T22:00:00Z", to: "2026-03-03T01:00:00Z" }, now);
    expect(rangeQuery(custom)).toEqual({ from: "2026-03-01T22:00:00.000Z", to: "2026-03-03T01:00:00.000Z" });
    expect(rangeDays(custom)).toEqual({ first: "2026-03-01", last: "2026-03-03", count: 3 });
  });
});
