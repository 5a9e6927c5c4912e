import { describe, expect, it } from "vitest";
import { adminCards } from "./admin-cards";
import type { AdminSummary } from "./admin-summary";

const summary: AdminSummary = {
  users: { total: 12, disabled: 1, awaitingPassword: 0 },
  apiTokens: { active: 1, total: 3 },
  workflows: 8,
  nonEvents: 1,
  calendars: 0,
  alertRules: { enabled: 1, total: 2 },
  replayTargets: { enabled: 1, total: 1 },
};

const states = (s: AdminSummary) => Object.fromEntries(adminCards(s).map((c) => [c.title, c.state]));

describe("adminCards", () => {
  it("says each area's state in one line, singular where it is one", () => {
    expect(states(summary)).toEqual({
      Users: "12 users, 1 disabled",
      "API tokens": "1 active of 3",
      "Workflow definitions": "8 workflows",
      "Non-events": "1 definition",
      Calendars: "no plant calendars yet",
      "Alert rules": "2 rules, 1 enabled",
      Integrations: "1 replay target, 1 enabled",
    });
  });

  it("names users who cannot sign in yet, and leaves out counts that are zero", () => {
    expect(states({ ...summary, users: { total: 1, disabled: 0, awaitingPassword: 1 } }).Users).toBe("1 user, 1 awaiting a password");
    expect(states({ ...summary, users: { total: 3, disabled: 0, awaitingPassword: 0 } }).Users).toBe("3 users");
    expect(states({ ...summary, apiTokens: { active: 0, total: 0 } })["API tokens"]).toBe("no tokens yet");
  });
});
