import "server-only";
import type { Actor } from "../auth/actor";
import type { Prisma } from "../generated/prisma/client";
import { auditActor } from "./audit-actor";

/** Every audited action, so a typo is a type error and the audit page can label each one. */
export const AUDIT_ACTIONS = [
  "user.created",
  "user.sso_linked",
  "user.updated",
  "user.disabled",
  "user.enabled",
  "user.password_reset",
  "user.password_set",
  "api_token.created",
  "api_token.revoked",
  "evidence_pack.downloaded",
  "workflow_definition.created",
  "workflow_definition.updated",
  "non_event_definition.created",
  "non_event_definition.updated",
  "business_calendar.updated",
  "alert_rule.created",
  "alert_rule.updated",
  "alert_rule.deleted",
  "alert_silence.created",
  "alert_silence.expired",
  "exception_group.triaged",
  "exception_group.auto_resolved",
  "exception_group.regressed",
  "exception_comment.created",
  "ownership_rule.saved",
  "ownership_rule.deleted",
  "exception_view.saved",
  "exception_view.deleted",
  "replay.requested",
  "replay.approved",
  "replay.cancelled",
  "replay.payload_edited",
  "replay_target.created",
  "replay_target.updated",
  "replay_target.deleted",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  entity: { type: string; id: string };
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  at?: Date;
}

/** The transaction client Prisma hands to `$transaction(async (tx) => …)`, or the client itself. */
export type AuditTx = Pick<Prisma.TransactionClient, "auditLog">;

/**
 * The one audit writer: call it inside the transaction that makes the change, so the change and
 * its record commit together. An update whose before and after are equal is not recorded.
 * `actor` is who acted; a string labels a non-user (a CLI run), undefined is the system. The
 * database assigns the row's place in the hash chain (seq, prev_hash, hash).
 */
export async function emit(tx: AuditTx, actor: Actor | string | undefined, entry: AuditEntry): Promise<void> {
  if (entry.before !== undefined && entry.after !== undefined && JSON.stringify(entry.before) === JSON.stringify(entry.after)) return;
  await tx.auditLog.create({
    data: {
      ...(typeof actor === "string" ? auditActor(undefined, actor) : auditActor(actor, "system")),
      ...(entry.at ? { at: entry.at } : {}),
      action: entry.action,
      entityType: entry.entity.type,
      entityId: entry.entity.id,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
    },
  });
}
