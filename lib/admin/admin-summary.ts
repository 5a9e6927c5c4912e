import "server-only";
import type { Db } from "../db/client";

/** The one-line state of each admin area on /admin: counts of small Postgres tables, read together. */
export interface AdminSummary {
  users: { total: number; disabled: number; awaitingPassword: number };
  apiTokens: { active: number; total: number };
  workflows: number;
  nonEvents: number;
  calendars: number;
  alertRules: { enabled: number; total: number };
  replayTargets: { enabled: number; total: number };
}

export async function getAdminSummary(db: Db, now = new Date()): Promise<AdminSummary> {
  const [users, disabled, awaitingPassword, tokens, activeTokens, workflows, nonEvents, calendars, rules, enabledRules, targets, enabledTargets] = await Promise.all([
    db.user.count(),
    db.user.count({ where: { disabled: true } }),
    db.user.count({ where: { disabled: false, passwordHash: null, accounts: { none: {} } } }),
    db.apiToken.count(),
    db.apiToken.count({ where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } }),
    db.definition.count({ where: { kind: "workflow" } }),
    db.definition.count({ where: { kind: "non_event" } }),
    db.businessCalendarRecord.count(),
    db.alertRule.count(),
    db.alertRule.count({ where: { enabled: true } }),
    db.replayTarget.count(),
    db.replayTarget.count({ where: { enabled: true } }),
  ]);
  return {
    users: { total: users, disabled, awaitingPassword },
    apiTokens: { active: activeTokens, total: tokens },
    workflows,
    nonEvents,
    calendars,
    alertRules: { enabled: enabledRules, total: rules },
    replayTargets: { enabled: enabledTargets, total: targets },
  };
}
