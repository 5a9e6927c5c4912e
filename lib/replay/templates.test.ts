import { describe, expect, it } from "vitest";
import { renderTemplate } from "./templates";

describe("renderTemplate", () => {
  it("fills known names, blanks unknown ones, tolerates spaces", () => {
    expect(renderTemplate("{{correlationId}}/{{ messageId }}/{{nope}}", { correlationId: "c1", messageId: "m1" })).toBe("c1/m1/");
  });
});
