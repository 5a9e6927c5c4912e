import { describe, expect, it } from "vitest";
import { nextSort, sortRows } from "./sort";

const rows = [
  { plant: "PLT-B", events: 10 },
  { plant: "PLT-A", events: 200 },
  { plant: "PLT-C", events: 10 },
];

describe("sortRows", () => {
  it("sorts numbers numerically and keeps ties stable", () => {
    expect(sortRows(rows, { key: "events", direction: "desc" }).map((r) => r.plant)).toEqual(["PLT-A", "PLT-B", "PLT-C"]);
    expect(sortRows(rows, { key: "events", direction: "asc" }).map((r) => r.plant)).toEqual(["PLT-B", "PLT-C", "PLT-A"]);
  });

  it("sorts text and leaves the input untouched", () => {
    expect(sortRows(rows, { key: "plant", direction: "asc" }).map((r) => r.plant)).toEqual(["PLT-A", "PLT-B", "PLT-C"]);
    expect(rows[0]?.plant).toBe("PLT-B");
  });
});

describe("nextSort", () => {
  it("flips the active column and starts a new one in the given direction", () => {
    expect(nextSort({ key: "events", direction: "desc" }, "events")).toEqual({ key: "events", direction: "asc" });
    expect(nextSort({ key: "events", direction: "asc" }, "plant", "asc")).toEqual({ key: "plant", direction: "asc" });
  });
});
