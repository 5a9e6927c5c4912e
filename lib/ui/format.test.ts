import { describe, expect, it } from "vitest";
import { formatAgo, formatClock, formatCount, formatCountOf, formatDuration, formatUtc, pluralNoun } from "./format";

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"],
    [840.4, "840 ms"],
    [4_200, "4.20 s"],
    [42_000, "42.0 s"],
    [185_000, "3 min 05 s"],
    [7_800_000, "2 h 10 min"],
    [90_000_000, "1 d 1 h"],
    [-5, "–"],
    [Number.NaN, "–"],
  ])("%s ms reads %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("time formatting", () => {
  it("prints UTC with or without milliseconds", () => {
    expect(formatUtc("2026-11-24T09:41:07.123Z")).toBe("2026-11-24 09:41:07 UTC");
    expect(formatUtc("2026-11-24T09:41:07.123Z", true)).toBe("2026-11-24 09:41:07.123 UTC");
    expect(formatUtc("not a date")).toBe("not a date");
    expect(formatClock("2026-11-24T09:41:07Z")).toBe("09:41");
  });

  it("says how long ago relative to a given now", () => {
    const now = Date.parse("2026-11-24T12:00:00Z");
    expect(formatAgo("2026-11-24T12:00:00Z", now)).toBe("just now");
    expect(formatAgo("2026-11-24T11:59:48Z", now)).toBe("12 s ago");
    expect(formatAgo("2026-11-24T11:55:00Z", now)).toBe("5 min ago");
    expect(formatAgo("2026-11-24T09:00:00Z", now)).toBe("3 h ago");
    expect(formatAgo("2026-11-21T12:00:00Z", now)).toBe("3 d ago");
  });

  it("groups thousands", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
  });
});

describe("counts with a noun", () => {
  it.each([
    [0, "0 plants"],
    [1, "1 plant"],
    [2, "2 plants"],
    [1204, "1,204 plants"],
  ])("%s reads %s", (n, text) => {
    expect(formatCountOf(n, "plant")).toBe(text);
  });

  it("takes an irregular plural", () => {
    expect(formatCountOf(1, "retry", "retries")).toBe("1 retry");
    expect(formatCountOf(3, "retry", "retries")).toBe("3 retries");
    expect(pluralNoun(1, "ancestor lot")).toBe("ancestor lot");
    expect(pluralNoun(0, "ancestor lot")).toBe("ancestor lots");
  });
});
