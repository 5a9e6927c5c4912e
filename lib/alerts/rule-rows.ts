import { z } from "zod";
import type { AlertRule as AlertRuleRow, AlertSilence as AlertSilenceRow, AlertNotificationState as StateRow } from "../generated/prisma/client";
import type { NotificationState, NotificationStatus } from "./plan";
import { NOTIFICATION_STATUSES } from "./plan";
import { SIGNAL_KINDS, SIGNAL_SEVERITIES, WebhookSchema, type AlertRule } from "./rule-spec";
import { signalFromJson, signalToJson } from "./signal-json";
import type { AlertSilence } from "./silence-spec";

/** Between Prisma rows and the domain types of lib/alerts. */

const KindsSchema = z.array(z.enum(SIGNAL_KINDS));
const WebhooksSchema = z.array(WebhookSchema);

export function ruleFromRow(row: AlertRuleRow): AlertRule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    definition: row.definition,
    plant: row.plant,
    kinds: KindsSchema.parse(row.kinds),
    minSeverity: z.enum(SIGNAL_SEVERITIES).parse(row.minSeverity),
    webhooks: WebhooksSchema.parse(row.webhooks),
    emails: row.emails,
    repeatIntervalSec: row.repeatIntervalSec,
    sendResolved: row.sendResolved,
  };
}

export function silenceFromRow(row: AlertSilenceRow): AlertSilence {
  return {
    id: row.id,
    definition: row.definition,
    plant: row.plant,
    kind: row.kind === null ? null : z.enum(SIGNAL_KINDS).parse(row.kind),
    signalId: row.signalId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    comment: row.comment,
    createdBy: row.createdBy,
  };
}

export function stateFromRow(row: StateRow): NotificationState {
  return {
    fingerprint: row.fingerprint,
    outlet: row.outlet,
    ruleId: row.ruleId,
    signalId: row.signalId,
    status: z.enum(NOTIFICATION_STATUSES).parse(row.status) as NotificationStatus,
    signal: signalFromJson(row.signal),
    firstFiredAt: row.firstFiredAt,
    lastSentAt: row.lastSentAt,
    sendCount: row.sendCount,
    lastError: row.lastError,
    failedAttempts: row.failedAttempts,
    lastAttemptAt: row.lastAttemptAt,
  };
}

export function stateToRow(s: NotificationState) {
  return {
    fingerprint: s.fingerprint,
    outlet: s.outlet,
    ruleId: s.ruleId,
    signalId: s.signalId,
    status: s.status,
    signal: signalToJson(s.signal),
    firstFiredAt: s.firstFiredAt,
    lastSentAt: s.lastSentAt,
    sendCount: s.sendCount,
    lastError: s.lastError === null ? null : s.lastError.slice(0, 2_000),
    failedAttempts: s.failedAttempts,
    lastAttemptAt: s.lastAttemptAt,
  };
}
