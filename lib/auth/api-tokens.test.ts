import { describe, expect, it } from "vitest";
import { auditActor } from "../audit/audit-actor";
import {
  apiTokenStatus,
  generateApiToken,
  hashApiToken,
  looksLikeApiToken,
  parseApiTokenInput,
  tokenActor,
  toApiTokenView,
} from "./api-tokens";

describe("API token secrets", () => {
  it("are llt_ and 32 random bytes in base64url, different every time", () => {
    const tokens = new Set(Array.from({ length: 50 }, generateApiToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^llt_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
      expect(looksLikeApiToken(token)).toBe(true);
    }
  });

  it("are stored as the SHA-256 hex of the whole token", () => {
    expect(hashApiToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashApiToken("llt_a")).not.toBe(hashApiToken("llt_b"));
  });

  it("are recognised by shape before any lookup", () => {
    for (const value of ["", "llt_", `llt_${"a".repeat(42)}`, `llt_${"a".repeat(44)}`, `xyz_${"a".repeat(43)}`, `llt_${"a".repeat(42)}=`, `llt_${"a".repeat(42)} `]) {
      expect(looksLikeApiToken(value), value).toBe(false);
    }
  });
});

describe("parseApiTokenInput", () => {
  it("accepts a minimal token and fills the defaults", () => {
    expect(parseApiTokenInput({ name: "  grafana  ", role: "viewer" })).toEqual({ ok: true, value: { name: "grafana", role: "viewer", plants: [] } });
  });

  it("takes plants only for plant managers, trimmed and without duplicates", () => {
    expect(parseApiTokenInput({ name: "pm", role: "plant_manager", plants: [" P100", "P200", "P100"], expiresInDays: 7 })).toEqual({
      ok: true,
      value: { name: "pm", role: "plant_manager", plants: ["P100", "P200"], expiresInDays: 7 },
    });
    expect(parseApiTokenInput({ name: "pm", role: "plant_manager", plants: [] })).toEqual({ ok: false, issues: [{ field: "plants", message: "a plant_manager token needs at least one plant" }] });
    expect(parseApiTokenInput({ name: "ex", role: "executive", plants: ["P100"] })).toEqual({ ok: false, issues: [{ field: "plants", message: "plants apply only to plant_manager tokens" }] });
  });

  it("names every field that is wrong", () => {
    const result = parseApiTokenInput({ name: "x".repeat(101), role: "root", plants: ["bad plant"], expiresInDays: 1.5 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field).sort()).toEqual(["expiresInDays", "name", "plants.0", "role"]);
    expect(parseApiTokenInput(null)).toMatchObject({ ok: false, issues: [{ field: "body" }] });
    expect(parseApiTokenInput({ name: "a", role: "viewer", expiresInDays: 3651 })).toMatchObject({ ok: false, issues: [{ field: "expiresInDays" }] });
    expect(parseApiTokenInput({ name: "a", role: "viewer", expiresInDays: null })).toMatchObject({ ok: true });
  });
});

describe("token state and identity", () => {
  const now = new Date("2026-11-24T12:00:00Z");

  it("is revoked before expired before active", () => {
    expect(apiTokenStatus({ revokedAt: null, expiresAt: null }, now)).toBe("active");
    expect(apiTokenStatus({ revokedAt: null, expiresAt: new Date("2026-11-24T12:00:01Z") }, now)).toBe("active");
    expect(apiTokenStatus({ revokedAt: null, expiresAt: now }, now)).toBe("expired");
    expect(apiTokenStatus({ revokedAt: new Date("2026-11-01T00:00:00Z"), expiresAt: new Date("2026-11-02T00:00:00Z") }, now)).toBe("revoked");
  });

  it("acts with the token's role; plants only scope a plant manager", () => {
    expect(tokenActor({ id: "t1", name: "ci", role: "viewer", plants: [] })).toEqual({ kind: "token", id: "token:t1", email: "token:ci", name: "ci", role: "viewer", plants: null });
    expect(tokenActor({ id: "t2", name: "pm", role: "plant_manager", plants: ["P100"] }).plants).toEqual(["P100"]);
  });

  it("links audit rows to users only", () => {
    const user = { kind: "user" as const, id: "u1", email: "a@b.c", name: "A", role: "admin" as const, plants: null };
    expect(auditActor(user, "x")).toEqual({ actorId: "u1", actorLabel: "a@b.c" });
    expect(auditActor({ ...user, kind: undefined }, "x")).toEqual({ actorId: "u1", actorLabel: "a@b.c" });
    expect(auditActor(tokenActor({ id: "t1", name: "ci", role: "admin", plants: [] }), "x")).toEqual({ actorId: null, actorLabel: "token:ci" });
    expect(auditActor(undefined, "cli:ops")).toEqual({ actorId: null, actorLabel: "cli:ops" });
  });

  it("shows a token without its hash, times as ISO strings", () => {
    const view = toApiTokenView(
      { id: "t1", name: "ci", role: "viewer", plants: [], prefix: "llt_abcd", createdAt: now, lastUsedAt: null, expiresAt: new Date("2026-12-24T12:00:00Z"), revokedAt: null, createdBy: { email: "a@b.c" } },
      now,
    );
    expect(view).toEqual({
      id: "t1",
      name: "ci",
      role: "viewer",
      plants: [],
      prefix: "llt_abcd",
      createdAt: "2026-11-24T12:00:00.000Z",
      createdBy: "a@b.c",
      lastUsedAt: null,
      expiresAt: "2026-12-24T12:00:00.000Z",
      revokedAt: null,
      status: "active",
    });
  });
});
