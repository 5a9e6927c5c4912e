import { describe, expect, it } from "vitest";
import { getAccessFallbackHTTPStatus, isHTTPAccessFallbackError } from "next/dist/client/components/http-access-fallback/http-access-fallback";

// next.config.ts turns authInterrupts on; `next build` passes it to forbidden() as this variable.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
const { okOrInterrupt } = await import("./page-guard");

function statusOf(run: () => unknown): number | "no interrupt" {
  try {
    run();
  } catch (error) {
    if (isHTTPAccessFallbackError(error)) return getAccessFallbackHTTPStatus(error);
    throw error;
  }
  return "no interrupt";
}

describe("okOrInterrupt: an object page answers as the API does", () => {
  it("interrupts an unknown id with 404 and an object outside the viewer's plants with 403", () => {
    expect(statusOf(() => okOrInterrupt({ status: "not-found" }))).toBe(404);
    expect(statusOf(() => okOrInterrupt({ status: "forbidden", plant: "P200" }))).toBe(403);
  });

  it("hands a visible object to the page", () => {
    const result = { status: "ok", lot: { lotId: "L-1" } } as const;
    expect(okOrInterrupt(result)).toBe(result);
  });
});
