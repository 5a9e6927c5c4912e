import { describe, expect, it } from "vitest";
import { alertFingerprint, groupFingerprint } from "./fingerprint";
import { activeSilenceFor, ruleMatches, silenceMatches } from "./matching";
import { maskEmail, outletKey, redactUrl } from "./outlet-target";
import { AlertRuleInputSchema, AlertRuleUpdateSchema } from "./rule-spec";
import type { AlertSignal } from "./signal";
import { SilenceInputSchema, silenceState, type AlertSilence } from "./silence-spec";

const sig = (over: Partial<AlertSignal> = {}): AlertSignal => ({
  id: "br:1",
  kind: "sla_breach",
  state: "firing",
  severity: "warning",
  definition: "order-release-to-mes",
  plant: "P100",
  stage: "",
  summary: "s",
  path: "/slas",
  startsAt: new Date(0),
  endsAt: null,
  labels: {},
  ...over,
});
const anyRule = { enabled: true, definition: null, plant: null, kinds: [], minSeverity: "warning" as const };

describe("rule matching", () => {
  it("null definition and plant and empty kinds match any signal", () => {
    expect(ruleMatches(anyRule, sig())).toBe(true);
    expect(ruleMatches({ ...anyRule, enabled: false }, sig())).toBe(false);
  });
  it.each<[Partial<Parameters<typeof ruleMatches>[0]>, boolean]>([
    [{ definition: "order-release-to-mes" }, true],
    [{ definition: "order-to-shipment" }, false],
    [{ plant: "P100" }, true],
    [{ plant: "P200" }, false],
    [{ kinds: ["sla_breach", "non_event"] }, true],
    [{ kinds: ["burn_rate"] }, false],
    [{ minSeverity: "critical" }, false],
  ])("%j → %s", (over, expected) => {
    expect(ruleMatches({ ...anyRule, ...over }, sig())).toBe(expected);
  });
  it("critical passes a warning minimum", () => {
    expect(ruleMatches(anyRule, sig({ severity: "critical" }))).toBe(true);
  });
});

describe("silences", () => {
  const base: AlertSilence = { id: "s", definition: null, plant: "P100", kind: null, signalId: null, startsAt: new Date(1000), endsAt: new Date(2000), comment: "c", createdBy: "a" };
  it("match on every matcher that is set", () => {
    expect(silenceMatches(base, sig())).toBe(true);
    expect(silenceMatches({ ...base, kind: "burn_rate" }, sig())).toBe(false);
    expect(silenceMatches({ ...base, signalId: "br:1" }, sig())).toBe(true);
    expect(silenceMatches({ ...base, signalId: "br:2" }, sig())).toBe(false);
    expect(silenceMatches({ ...base, definition: "order-release-to-mes", plant: null }, sig())).toBe(true);
  });
  it("are active from startsAt up to (not including) endsAt", () => {
    expect(silenceState(base, new Date(999))).toBe("pending");
    expect(silenceState(base, new Date(1000))).toBe("active");
    expect(silenceState(base, new Date(2000))).toBe("expired");
    expect(activeSilenceFor([base], sig(), new Date(1500))).toBe(base);
    expect(activeSilenceFor([base], sig(), new Date(2500))).toBeUndefined();
  });
  it("input needs a matcher, a comment and one of duration or end", () => {
    expect(SilenceInputSchema.safeParse({ comment: "x", durationMinutes: 60 }).success).toBe(false);
    expect(SilenceInputSchema.safeParse({ plant: "P100", durationMinutes: 60 }).success).toBe(false);
    expect(SilenceInputSchema.safeParse({ plant: "P100", comment: "x" }).success).toBe(false);
    expect(SilenceInputSchema.parse({ plant: "P100", definition: "", comment: " deploy ", durationMinutes: 60 })).toMatchObject({ plant: "P100", definition: null, comment: "deploy" });
  });
});

describe("fingerprints and outlets", () => {
  it("are stable SHA-256 hex per rule and signal", () => {
    const fp = alertFingerprint("rule-1", "br:1");
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(alertFingerprint("rule-1", "br:1")).toBe(fp);
    expect(alertFingerprint("rule-2", "br:1")).not.toBe(fp);
    expect(alertFingerprint(null, "br:1")).not.toBe(fp);
    expect(groupFingerprint([fp])).toBe(fp);
    expect(groupFingerprint(["a", "b"])).toBe(groupFingerprint(["b", "a"]));
  });
  it("never put a webhook URL in an outlet key or a description", () => {
    const url = "https://hooks.slack.com/services/T000/B000/secret-token";
    expect(outletKey({ kind: "webhook", format: "slack", url })).toMatch(/^webhook:slack:[0-9a-f]{16}$/);
    expect(redactUrl(url)).toBe("https://hooks.slack.com/services/…");
    expect(redactUrl("http://user:pw@receiver:8080/")).toBe("http://receiver:8080");
    expect(maskEmail("jane@example.com")).toBe("j•••@example.com");
  });
});

describe("rule input", () => {
  const ok = { name: "Holds", webhooks: [{ url: "https://hooks.example/a" }] };
  it("fills defaults and normalises", () => {
    expect(AlertRuleInputSchema.parse({ ...ok, plant: "", kinds: ["non_event", "sla_breach", "non_event"], emails: ["Ops@Example.com", "ops@example.com"] })).toEqual({
      name: "Holds",
      enabled: true,
      definition: null,
      plant: null,
      kinds: ["non_event", "sla_breach"],
      minSeverity: "warning",
      webhooks: [{ url: "https://hooks.example/a", format: "json" }],
      emails: ["ops@example.com"],
      repeatIntervalSec: 14400,
      sendResolved: true,
    });
  });
  it.each([
    [{ ...ok, webhooks: [{ url: "ftp://files.example/x" }] }, "webhooks.0.url"],
    [{ ...ok, webhooks: [{ url: "javascript:alert(1)" }] }, "webhooks.0.url"],
    [{ ...ok, webhooks: [{ url: "https://a.example", format: "discord" }] }, "webhooks.0.format"],
    [{ name: "No outlet" }, "webhooks"],
    [{ ...ok, emails: ["not-an-address"] }, "emails.0"],
    [{ ...ok, repeatIntervalSec: 5 }, "repeatIntervalSec"],
    [{ ...ok, kinds: ["fire"] }, "kinds.0"],
    [{ ...ok, name: "" }, "name"],
    [{ ...ok, colour: "red" }, ""],
  ])("refuses %j at %s", (input, path) => {
    const r = AlertRuleInputSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toContain(path);
  });
  it("PUT takes the same fields plus baseUpdatedAt", () => {
    expect(AlertRuleUpdateSchema.parse({ ...ok, baseUpdatedAt: "2026-12-04T10:00:00.000Z" }).baseUpdatedAt).toBe("2026-12-04T10:00:00.000Z");
  });
});
