import { describe, expect, it } from "vitest";
import { BUSINESS_TYPES } from "../workflows/catalog";
import { completedAt, releaseFact } from "./order-timing";

const released = "2026-11-24T08:00:00.000Z";
const now = Date.parse("2026-11-24T12:00:00.000Z");

describe("order timing", () => {
  it("takes the first final confirmation as the completion, not a partial one", () => {
    const events = [
      { type: BUSINESS_TYPES.orderReleased, time: released, payload: {} },
      { type: BUSINESS_TYPES.confirmationPosted, time: "2026-11-24T08:30:00.000Z", payload: { finalConfirmation: false } },
      { type: BUSINESS_TYPES.confirmationPosted, time: "2026-11-24T09:10:00.000Z", payload: { finalConfirmation: true } },
      { type: BUSINESS_TYPES.confirmationPosted, time: "2026-11-24T09:20:00.000Z", payload: {} },
    ];
    expect(completedAt(events)).toBe("2026-11-24T09:10:00.000Z");
    expect(completedAt(events.slice(0, 2))).toBeNull();
  });

  it("counts since release while the order runs", () => {
    expect(releaseFact(released, null, now)).toEqual({ label: "Since release", value: "4 h 00 min" });
    expect(releaseFact(null, null, now)).toEqual({ label: "Since release", value: "–" });
  });

  it("stops counting at completion: release to completion, whatever the clock says now", () => {
    const fact = releaseFact(released, "2026-11-24T09:10:00.000Z", now);
    expect(fact).toEqual({ label: "Release to completion", value: "1 h 10 min", title: "Completed 2026-11-24 09:10:00 UTC" });
    expect(releaseFact(released, "2026-11-24T09:10:00.000Z", now + 86_400_000)).toEqual(fact);
    expect(releaseFact(null, "2026-11-24T09:10:00.000Z", now)).toEqual({ label: "Completed", value: "2026-11-24 09:10:00 UTC" });
  });
});
