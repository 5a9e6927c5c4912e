import { describe, expect, it } from "vitest";
import { userHistoryText } from "./history-text";

describe("userHistoryText", () => {
  it("says a creation with the role, plants and how the password comes", () => {
    expect(userHistoryText({ action: "user.created", before: null, after: { email: "pm@x", role: "plant_manager", plants: ["P100", "P200"], password: "set-password link" } })).toEqual({
      title: "Created as Plant manager for P100, P200",
      changes: ["Password: set-password link"],
    });
    // The first admin, created at start, was recorded before the record said how its password came.
    expect(userHistoryText({ action: "user.created", before: null, after: { email: "a@x", role: "admin" } })).toEqual({ title: "Created as Administrator", changes: [] });
  });

  it("lists only the fields an edit changed, from → to", () => {
    const text = userHistoryText({
      action: "user.updated",
      before: { name: "Pat", role: "plant_manager", plants: ["P100"] },
      after: { name: "Pat", role: "plant_manager", plants: ["P100", "P300"] },
    });
    expect(text).toEqual({ title: "Changed", changes: ["Plants: P100 → P100, P300"] });
    expect(userHistoryText({ action: "user.updated", before: { name: null, role: "viewer", plants: [] }, after: { name: "Kim", role: "admin", plants: [] } }).changes).toEqual([
      "Name: none → Kim",
      "Role: Viewer → Administrator",
    ]);
  });

  it("words disable, resets and the link being used", () => {
    expect(userHistoryText({ action: "user.disabled", before: { disabled: false }, after: { disabled: true } }).title).toBe("Disabled");
    expect(userHistoryText({ action: "user.password_reset", before: null, after: { method: "set-password link", linkExpiresAt: "2026-12-10T08:00:00.000Z", sessionsEnded: true } })).toEqual({
      title: "Password reset with a set-password link",
      changes: ["Link valid until 2026-12-10 08:00:00 UTC", "Old password and sessions stopped working"],
    });
    expect(userHistoryText({ action: "user.password_set", before: null, after: { via: "set-password link" } }).title).toBe("Password set with the link");
    expect(userHistoryText({ action: "user.future_action", before: null, after: null })).toEqual({ title: "user.future_action", changes: [] });
  });
});
