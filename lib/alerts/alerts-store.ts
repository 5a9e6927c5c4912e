import "server-only";
import { z } from "zod";
import { auditActor } from "../audit/audit-actor";
import { emit } from "../audit/emit";
import type { Actor } from "../auth/actor";
import { plantInScope } from "../auth/plant-scope";
import type { Db } from "../db/client";
import type { Prisma, AlertRule as AlertRuleRow, AlertSilence as AlertSilenceRow } from "../generated/prisma/client";
import { badRequest, conflict, notFound } from "../http/errors";
import { parseOr400 } from "../workflows/definition-body";
import { sha256Hex } from "./fingerprint";
import { activeSilenceFor } from "./matching";
import { maskEmail, redactUrl } from "./outlet-target";
import { retryDelayMs, type NotificationStatus } from "./plan";
import { ruleFromRow, silenceFromRow, stateFromRow } from "./rule-rows";
import { AlertRuleInputSchema, AlertRuleUpdateSchema, type AlertRule } from "./rule-spec";
import { signalToJson, type StoredSignal } from "./signal-json";
import { SilenceInputSchema, silenceState } from "./silence-spec";

/**
 * The alerting API's reads and writes: rules, silences, the delivery log and current alerts.
 * Every change is audited inside its transaction. Webhook URLs are credentials (Slack, Teams),
 * so only callers allowed to manage alerts see them; the audit log keeps them redacted with a
 * hash, which shows that a URL changed without keeping it forever.
 */

export interface RuleView extends AlertRule {
  createdAt: string;
  updatedAt: string;
}

export interface SilenceView {
  id: string;
  definition: string | null;
  plant: string | null;
  kind: string | null;
  signalId: string | null;
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy: string;
  createdAt: string;
  state: "pending" | "active" | "expired";
}

export interface DeliveryView {
  id: string;
  at: string;
  ruleId: string | null;
  ruleName: string;
  outlet: string;
  target: string;
  status: string;
  alertCount: number;
  signalIds: string[];
  ok: boolean;
  error: string | null;
  durationMs: number | null;
}

export interface CurrentAlertView {
  signalId: string;
  signal: StoredSignal;
  /** firing while any outlet still tracks it as firing, pending or silenced. */
  state: "firing" | "resolved";
  /** The silence muting it now, if any. */
  silencedBy: string | null;
  firstFiredAt: string;
  outlets: { outlet: string; ruleId: string | null; ruleName: string; status: NotificationStatus; lastSentAt: string | null; sendCount: number; lastError: string | null; failedAttempts: number; nextAttemptAt: string | null; updatedAt: string }[];
}

/** A cuid from the URL: malformed is a 400, unknown a 404. */
export const AlertIdSchema = z.string().regex(/^[a-z0-9]{8,40}$/, "an id: lowercase letters and digits");

function ruleView(row: AlertRuleRow, reveal: boolean): RuleView {
  const rule = ruleFromRow(row);
  return {
    ...rule,
    webhooks: reveal ? rule.webhooks : rule.webhooks.map((w) => ({ ...w, url: redactUrl(w.url) })),
    emails: reveal ? rule.emails : rule.emails.map(maskEmail),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The rule as the audit log keeps it: URLs redacted, with a hash so a change of URL still shows. */
function auditSnapshot(rule: AlertRule): Prisma.InputJsonValue {
  return {
    ...rule,
    webhooks: rule.webhooks.map((w) => ({ format: w.format, url: redactUrl(w.url), urlSha256: sha256Hex(w.url).slice(0, 16) })),
  } as unknown as Prisma.InputJsonValue;
}

async function assertNameFree(tx: Prisma.TransactionClient, name: string, exceptId?: string) {
  const clash = await tx.alertRule.findFirst({ where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (clash) throw conflict(`a rule named "${name}" exists already`, { ruleId: clash.id, issues: [{ path: ["name"], field: "name", message: "this name is taken" }] });
}

export async function listRules(db: Db, reveal: boolean): Promise<RuleView[]> {
  return (await db.alertRule.findMany({ orderBy: [{ name: "asc" }] })).map((r) => ruleView(r, reveal));
}

export async function getRule(db: Db, id: string, reveal: boolean): Promise<RuleView> {
  const row = await db.alertRule.findUnique({ where: { id } });
  if (!row) throw notFound(`no alert rule with id ${id}`);
  return ruleView(row, reveal);
}

function ruleData(input: z.infer<typeof AlertRuleInputSchema>) {
  return { ...input, webhooks: input.webhooks as unknown as Prisma.InputJsonValue };
}

export async function createRule(db: Db, actor: Actor, body: unknown): Promise<RuleView> {
  const input = parseOr400(AlertRuleInputSchema, body, "the rule");
  const row = await db.$transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    const created = await tx.alertRule.create({ data: ruleData(input) });
    await emit(tx, actor, { action: "alert_rule.created", entity: { type: "alert_rule", id: created.id }, after: auditSnapshot(ruleFromRow(created)) });
    return created;
  });
  return ruleView(row, true);
}

/** Replaces the rule; 409 when `baseUpdatedAt` is given and someone saved since. */
export async function updateRule(db: Db, actor: Actor, id: string, body: unknown): Promise<{ rule: RuleView; changed: boolean }> {
  const { baseUpdatedAt, ...input } = parseOr400(AlertRuleUpdateSchema, body, "the rule");
  return db.$transaction(async (tx) => {
    const current = await tx.alertRule.findUnique({ where: { id } });
    if (!current) throw notFound(`no alert rule with id ${id}`);
    if (baseUpdatedAt !== undefined && Date.parse(baseUpdatedAt) !== current.updatedAt.getTime()) {
      throw conflict(`the rule was changed at ${current.updatedAt.toISOString()}, after the version you edited; reload to see the changes`, {
        currentUpdatedAt: current.updatedAt.toISOString(),
        baseUpdatedAt,
      });
    }
    await assertNameFree(tx, input.name, id);
    const before = ruleFromRow(current);
    const after: AlertRule = { id, ...input };
    if (JSON.stringify(before) === JSON.stringify(after)) return { rule: ruleView(current, true), changed: false };
    // Conditional on the version read above, so a concurrent save is a 409, not lost.
    const { count } = await tx.alertRule.updateMany({ where: { id, updatedAt: current.updatedAt }, data: ruleData(input) });
    if (count === 0) throw conflict("the rule was changed by someone else just now; reload to see the changes");
    const saved = await tx.alertRule.findUniqueOrThrow({ where: { id } });
    await emit(tx, actor, { action: "alert_rule.updated", entity: { type: "alert_rule", id }, before: auditSnapshot(before), after: auditSnapshot(after) });
    return { rule: ruleView(saved, true), changed: true };
  });
}

/** Deletes the rule and forgets its alerts (no resolved notices follow); the delivery log keeps its rows. */
export async function deleteRule(db: Db, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await tx.alertRule.findUnique({ where: { id } });
    if (!current) throw notFound(`no alert rule with id ${id}`);
    await tx.alertNotificationState.deleteMany({ where: { ruleId: id } });
    await tx.alertRule.delete({ where: { id } });
    await emit(tx, actor, { action: "alert_rule.deleted", entity: { type: "alert_rule", id }, before: auditSnapshot(ruleFromRow(current)), after: null });
  });
}

function silenceView(row: AlertSilenceRow, now: Date): SilenceView {
  return {
    id: row.id,
    definition: row.definition,
    plant: row.plant,
    kind: row.kind,
    signalId: row.signalId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    comment: row.comment,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    state: silenceState(row, now),
  };
}

const silenceAudit = (v: SilenceView): Prisma.InputJsonValue => {
  const { state: _state, ...rest } = v;
  return rest;
};

export const RECENT_SILENCE_DAYS = 7;

/** Active and scheduled silences (soonest end first), then those expired in the last 7 days (latest first). */
export async function listSilences(db: Db, now: Date): Promise<SilenceView[]> {
  const rows = await db.alertSilence.findMany({ where: { endsAt: { gt: new Date(now.getTime() - RECENT_SILENCE_DAYS * 86_400_000) } }, orderBy: { endsAt: "asc" }, take: 500 });
  const views = rows.map((r) => silenceView(r, now));
  return [...views.filter((v) => v.state !== "expired"), ...views.filter((v) => v.state === "expired").reverse()];
}

export async function createSilence(db: Db, actor: Actor, body: unknown, now: Date): Promise<SilenceView> {
  const input = parseOr400(SilenceInputSchema, body, "the silence");
  const startsAt = input.startsAt ? new Date(input.startsAt) : now;
  const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(startsAt.getTime() + input.durationMinutes! * 60_000);
  const invalid = (field: string, message: string) => badRequest(`the silence is not valid: ${field}: ${message}`, { issues: [{ path: [field], field, message }] });
  if (endsAt.getTime() <= startsAt.getTime()) throw invalid("endsAt", "must be after startsAt");
  if (endsAt.getTime() <= now.getTime()) throw invalid("endsAt", "must be in the future");
  if (endsAt.getTime() - startsAt.getTime() > 90 * 86_400_000) throw invalid("endsAt", "a silence lasts at most 90 days");
  const who = auditActor(actor, "system");
  const row = await db.$transaction(async (tx) => {
    const created = await tx.alertSilence.create({
      data: { definition: input.definition, plant: input.plant, kind: input.kind, signalId: input.signalId, startsAt, endsAt, comment: input.comment, createdById: who.actorId, createdBy: who.actorLabel },
    });
    await emit(tx, actor, { action: "alert_silence.created", entity: { type: "alert_silence", id: created.id }, after: silenceAudit(silenceView(created, now)) });
    return created;
  });
  return silenceView(row, now);
}

/** Ends the silence now (a scheduled one never starts); 409 when it has already ended. */
export async function expireSilence(db: Db, actor: Actor, id: string, now: Date): Promise<SilenceView> {
  return db.$transaction(async (tx) => {
    const current = await tx.alertSilence.findUnique({ where: { id } });
    if (!current) throw notFound(`no silence with id ${id}`);
    if (silenceState(current, now) === "expired") throw conflict(`the silence ended at ${current.endsAt.toISOString()}`, { endsAt: current.endsAt.toISOString() });
    const saved = await tx.alertSilence.update({ where: { id }, data: { endsAt: now, ...(current.startsAt.getTime() > now.getTime() ? { startsAt: now } : {}) } });
    await emit(tx, actor, { action: "alert_silence.expired", entity: { type: "alert_silence", id }, before: silenceAudit(silenceView(current, now)), after: silenceAudit(silenceView(saved, now)), at: now });
    return silenceView(saved, now);
  });
}

export const DeliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  ok: z.enum(["true", "false"]).optional(),
  rule: AlertIdSchema.optional(),
});

export async function listDeliveries(db: Db, query: z.infer<typeof DeliveriesQuerySchema>): Promise<DeliveryView[]> {
  const rows = await db.alertDelivery.findMany({
    where: { ...(query.ok ? { ok: query.ok === "true" } : {}), ...(query.rule ? { ruleId: query.rule } : {}) },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: query.limit,
  });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    ruleId: r.ruleId,
    ruleName: r.ruleName,
    outlet: r.outlet,
    target: r.target,
    status: r.status,
    alertCount: r.alertCount,
    signalIds: r.signalIds,
    ok: r.ok,
    error: r.error,
    durationMs: r.durationMs,
  }));
}

/** How long a resolved alert stays on the current-alerts list. */
export const RESOLVED_SHOWN_MS = 3_600_000;

/**
 * Every alert the outlets are tracking, with each outlet's state, firing first. A plant manager
 * sees the alerts of their plants.
 */
export async function listCurrentAlerts(db: Db, now: Date, plants: readonly string[] | null): Promise<CurrentAlertView[]> {
  const [rows, rules, silences] = await Promise.all([
    db.alertNotificationState.findMany({ where: { OR: [{ status: { not: "resolved" } }, { updatedAt: { gt: new Date(now.getTime() - RESOLVED_SHOWN_MS) } }] }, orderBy: { firstFiredAt: "desc" }, take: 5_000 }),
    db.alertRule.findMany({ select: { id: true, name: true } }),
    db.alertSilence.findMany({ where: { startsAt: { lte: now }, endsAt: { gt: now } } }),
  ]);
  const ruleNames = new Map(rules.map((r) => [r.id, r.name]));
  const active = silences.map(silenceFromRow);
  const bySignal = new Map<string, CurrentAlertView>();
  for (const row of rows) {
    const s = stateFromRow(row);
    if (!plantInScope(plants, s.signal.plant)) continue;
    let view = bySignal.get(s.signalId);
    if (!view) {
      view = { signalId: s.signalId, signal: signalToJson(s.signal), state: "resolved", silencedBy: activeSilenceFor(active, s.signal, now)?.id ?? null, firstFiredAt: s.firstFiredAt.toISOString(), outlets: [] };
      bySignal.set(s.signalId, view);
    }
    if (["pending", "firing", "silenced"].includes(s.status)) view.state = "firing";
    if (s.firstFiredAt.toISOString() < view.firstFiredAt) view.firstFiredAt = s.firstFiredAt.toISOString();
    view.outlets.push({
      outlet: s.outlet,
      ruleId: s.ruleId,
      ruleName: s.ruleId === null ? "Alertmanager" : (ruleNames.get(s.ruleId) ?? "(deleted rule)"),
      status: s.status,
      lastSentAt: s.lastSentAt?.toISOString() ?? null,
      sendCount: s.sendCount,
      lastError: s.lastError,
      failedAttempts: s.failedAttempts,
      nextAttemptAt: s.failedAttempts > 0 && s.lastAttemptAt ? new Date(s.lastAttemptAt.getTime() + retryDelayMs(s.failedAttempts)).toISOString() : null,
      updatedAt: row.updatedAt.toISOString(),
    });
  }
  const rank = { critical: 0, warning: 1 } as const;
  return [...bySignal.values()].sort(
    (a, b) => (a.state === b.state ? 0 : a.state === "firing" ? -1 : 1) || rank[a.signal.severity] - rank[b.signal.severity] || (a.signal.startsAt < b.signal.startsAt ? 1 : a.signal.startsAt > b.signal.startsAt ? -1 : 0),
  );
}
