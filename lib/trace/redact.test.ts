import { describe, expect, it } from "vitest";
import { REDACTED, redactPayload } from "./redact";

describe("payload redaction", () => {
  it("masks named fields at any depth, case-insensitively, and counts them", () => {
    const payload = JSON.stringify({ approver: "QE-12", contact: { Email: "a@b.c", phone: "123" }, lines: [{ token: "x", qty: 1 }] });
    const out = redactPayload(payload, ["email", "PHONE", "token"]);
    expect(JSON.parse(out.payload)).toEqual({ approver: "QE-12", contact: { Email: REDACTED, phone: REDACTED }, lines: [{ token: REDACTED, qty: 1 }] });
    expect(out.redacted).toBe(3);
  });

  it("leaves payloads without those fields byte for byte, and non-JSON payloads alone", () => {
    const payload = '{"b": 1,  "a": [1, 2]}';
    expect(redactPayload(payload, ["email"])).toEqual({ payload, redacted: 0 });
    expect(redactPayload("not json", ["email"])).toEqual({ payload: "not json", redacted: 0 });
    expect(redactPayload('{"email":"x"}', [])).toEqual({ payload: '{"email":"x"}', redacted: 0 });
  });
});
