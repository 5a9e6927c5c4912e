import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { auditActor } from "../audit/audit-actor";
import { emit } from "../audit/emit";
import type { Db } from "../db/client";
import { badRequest, notFound } from "../http/errors";
import type { Actor } from "./actor";
import { ROLES, type RoleName } from "./roles";

/**
 * Bearer tokens for the JSON API. A token is `llt_` + 32 random bytes (base64url); only its
 * SHA-256 is stored, so the plaintext exists once, in the answer to its creation. A token acts
 * with its own role and plant scope, independent of the person who created it.
 */

export const API_TOKEN_PREFIX = "llt_";
const TOKEN_PATTERN = /^llt_[A-Za-z0-9_-]{43}$/;
/** Characters of the token kept for display (`llt_` and four more). */
const DISPLAY_PREFIX_LENGTH = 8;
/** lastUsedAt is written at most this often per token, so a busy client does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;
export const MAX_EXPIRY_DAYS = 3650;
const DAY_MS = 24 * 60 * 60 * 1000;
export const PLANT_CODE = /^[A-Za-z0-9_-]{1,50}$/;

export const apiTokenInputSchema = z
  .object({
    name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(100, "name is at most 100 characters"),
    role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` }),
    plants: z
      .array(z.string().trim().regex(PLANT_CODE, "plant codes are 1–50 letters, digits, _ or -"), { error: "plants must be a list of plant codes" })
      .max(200, "at most 200 plants")
      .default([])
      .transform((plants) => [...new Set(plants)]),
    expiresInDays: z
      .number({ error: "expiresInDays must be a number of days" })
      .int("expiresInDays must be a whole number of days")
      .min(1, "expiresInDays must be at least 1")
      .max(MAX_EXPIRY_DAYS, `expiresInDays is at most ${MAX_EXPIRY_DAYS}`)
      .nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.role === "plant_manager" && input.plants.length === 0) {
      ctx.addIssue({ code: "custom", path: ["plants"], message: "a plant_manager token needs at least one plant" });
    }
    if (input.role !== "plant_manager" && input.plants.length > 0) {
      ctx.addIssue({ code: "custom", path: ["plants"], message: "plants apply only to plant_manager tokens" });
    }
  });

export type ApiTokenInput = z.input<typeof apiTokenInputSchema>;
export type ParsedApiTokenInput = z.output<typeof apiTokenInputSchema>;

/** Validates a creation request; the messages name the field (`plants: …`) and are safe to show. */
export function parseApiTokenInput(input: unknown): { ok: true; value: ParsedApiTokenInput } | { ok: false; issues: { field: string; message: string }[] } {
  const parsed = apiTokenInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message })) };
}

export type ApiTokenStatus = "active" | "revoked" | "expired";

/** A token as lists and the UI see it: never the hash, never the secret. Times are ISO strings. */
export interface ApiTokenView {
  id: string;
  name: string;
  role: RoleName;
  plants: string[];
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: ApiTokenStatus;
}

interface TokenRow {
  id: string;
  name: string;
  role: RoleName;
  plants: string[];
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdBy?: { email: string } | null;
}

const VIEW_SELECT = {
  id: true,
  name: true,
  role: true,
  plants: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  createdBy: { select: { email: true } },
} as const;

export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The shape check before any lookup: anything else is not one of our tokens. */
export function looksLikeApiToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

export function apiTokenStatus(token: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiTokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

export function toApiTokenView(row: TokenRow, now: Date): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    plants: row.plants,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy?.email ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    status: apiTokenStatus(row, now),
  };
}

/** The actor a token request runs as: the token's own role, and its plants when it is a plant_manager token. */
export function tokenActor(token: { id: string; name: string; role: RoleName; plants: string[] }): Actor {
  return {
    kind: "token",
    id: `token:${token.id}`,
    email: `token:${token.name}`,
    name: token.name,
    role: token.role,
    plants: token.role === "plant_manager" ? token.plants : null,
  };
}

interface Deps {
  db: Db;
  now?: Date;
}

/**
 * Creates a token and its audit record in one transaction. The plaintext is in the result and
 * nowhere else: show it once. `label` names a creator that is not an actor (the CLI).
 */
export async function createApiToken(
  input: ApiTokenInput & { createdBy?: Actor },
  deps: Deps & { label?: string },
): Promise<{ token: string; record: ApiTokenView }> {
  const { createdBy, ...fields } = input;
  const parsed = parseApiTokenInput(fields);
  if (!parsed.ok) throw badRequest(parsed.issues.map((i) => `${i.field}: ${i.message}`).join("; "), { issues: parsed.issues });
  const { name, role, plants, expiresInDays } = parsed.value;
  const now = deps.now ?? new Date();
  const token = generateApiToken();
  const audit = auditActor(createdBy, deps.label ?? "system");
  const row = await deps.db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name,
        role,
        plants,
        tokenHash: hashApiToken(token),
        prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
        createdById: audit.actorId,
        createdAt: now,
        expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * DAY_MS) : null,
      },
      select: VIEW_SELECT,
    });
    await emit(tx, createdBy ?? deps.label, {
      at: now,
      action: "api_token.created",
      entity: { type: "api_token", id: created.id },
      after: { name, role, plants, prefix: created.prefix, expiresAt: created.expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { token, record: toApiTokenView(row, now) };
}

interface AuthenticatedToken {
  id: string;
  name: string;
  role: RoleName;
  plants: string[];
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Active tokens read in the last few seconds, by hash, per database: the lookup in Postgres was
 * 0.5–0.9 ms of every API response (npm run bench:queries). Revoking a token in this process
 * empties the cache, so it is refused from the next request on; another process sharing the
 * database (a second app instance) refuses it within this long. Expiry is checked on every hit.
 */
export const TOKEN_CACHE_MS = 5_000;
/** Entries kept at most: a client cycling through tokens cannot grow the cache without bound. */
const TOKEN_CACHE_MAX = 1_000;
const tokenCache = new WeakMap<Db, Map<string, { at: number; token: AuthenticatedToken }>>();
/** Counts revocations, so a read that began before one is not cached after it. */
let revocations = 0;

function cachedToken(db: Db, hash: string, now: Date): AuthenticatedToken | null {
  const hit = tokenCache.get(db)?.get(hash);
  if (!hit) return null;
  // A clock moved back (tests pass `now`) is as stale as one moved past the window.
  const age = now.getTime() - hit.at;
  return age >= 0 && age < TOKEN_CACHE_MS ? hit.token : null;
}

function cacheToken(db: Db, hash: string, token: AuthenticatedToken, now: Date) {
  const entries = tokenCache.get(db) ?? new Map<string, { at: number; token: AuthenticatedToken }>();
  if (entries.size >= TOKEN_CACHE_MAX) entries.clear();
  entries.set(hash, { at: now.getTime(), token });
  tokenCache.set(db, entries);
}

/**
 * The actor behind a bearer token, or null when it is unknown, revoked or expired. Records the
 * use at most once a minute.
 */
export async function authenticateApiToken(plaintext: string, deps: Deps): Promise<Actor | null> {
  if (!looksLikeApiToken(plaintext)) return null;
  const now = deps.now ?? new Date();
  const { db } = deps;
  const hash = hashApiToken(plaintext);
  const cached = cachedToken(db, hash, now);
  const revocationsBefore = revocations;
  const token =
    cached ??
    (await db.apiToken.findUnique({
      where: { tokenHash: hash },
      select: { id: true, name: true, role: true, plants: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
    }));
  if (!token || apiTokenStatus(token, now) !== "active") return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!token.lastUsedAt || token.lastUsedAt < staleBefore) {
    // The condition is repeated in the update so concurrent requests write it once.
    await db.apiToken
      .updateMany({ where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] }, data: { lastUsedAt: now } })
      .catch((error: unknown) => console.error("[lotline] could not record API token use", token.id, error));
    token.lastUsedAt = now;
  }
  if (!cached && revocations === revocationsBefore) cacheToken(db, hash, token, now);
  return tokenActor(token);
}

/** Revokes a token (404 when unknown). Revoking a revoked token changes nothing and writes no audit row. */
export async function revokeApiToken(id: string, actor: Actor, deps: Deps): Promise<ApiTokenView> {
  const now = deps.now ?? new Date();
  // Counted before and after: a token read in flight on either side of the commit is not cached.
  revocations++;
  const row = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    const token = await tx.apiToken.findUnique({ where: { id }, select: VIEW_SELECT });
    if (!token) throw notFound(`no API token with id ${id}`);
    if (count === 1) {
      await emit(tx, actor, {
        at: now,
        action: "api_token.revoked",
        entity: { type: "api_token", id },
        before: { revokedAt: null },
        after: { name: token.name, prefix: token.prefix, revokedAt: now.toISOString() },
      });
    }
    return token;
  });
  revocations++;
  tokenCache.delete(deps.db);
  return toApiTokenView(row, now);
}

/** Every token, newest first, without hashes. */
export async function listApiTokens(deps: Deps): Promise<ApiTokenView[]> {
  const now = deps.now ?? new Date();
  const rows = await deps.db.apiToken.findMany({ orderBy: { createdAt: "desc" }, select: VIEW_SELECT });
  return rows.map((row) => toApiTokenView(row, now));
}
