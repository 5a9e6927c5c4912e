import { describe, expect, it } from "vitest";
import { filterFromParams, InboxFilterSchema } from "./inbox-filter";

describe("inbox filter", () => {
  it("reads the URL, dropping empty and unknown params, with the defaults", () => {
    const parsed = InboxFilterSchema.parse(filterFromParams(new URLSearchParams("plant=P1&q=&bogus=1&from=2026-12-01T00:00:00Z&state=regressed")));
    expect(parsed).toEqual({ plant: "P1", state: "regressed", sort: "priority", from: new Date("2026-12-01T00:00:00Z") });
    expect(InboxFilterSchema.parse({})).toEqual({ state: "open", sort: "priority" });
  });

  it("refuses unknown states, kinds and sorts, and unknown keys in a saved view", () => {
    expect(InboxFilterSchema.safeParse({ state: "closed" }).success).toBe(false);
    expect(InboxFilterSchema.safeParse({ kind: "email" }).success).toBe(false);
    expect(InboxFilterSchema.safeParse({ sort: "random" }).success).toBe(false);
    expect(InboxFilterSchema.safeParse({ colour: "red" }).success).toBe(false);
    expect(InboxFilterSchema.safeParse({ q: "x".repeat(201) }).success).toBe(false);
  });
});
