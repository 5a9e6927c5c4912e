import type { PlannedMessage } from "../plan";

/** What every payload builder needs besides the messages. */
export interface PayloadContext {
  rule: { id: string; name: string } | null;
  /** LOTLINE_PUBLIC_URL: the base of every link in a notification. */
  publicUrl: string;
  now: Date;
  /** The delivery's key (see groupFingerprint). */
  groupKey: string;
}

export type AlertMessage = Pick<PlannedMessage, "fingerprint" | "signal" | "status" | "reason">;

/** A Lotline path as an absolute link; the public URL may carry a path prefix (https://ops.example/lotline). */
export function absoluteUrl(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

export const alertsPageUrl = (publicUrl: string) => absoluteUrl(publicUrl, "/admin/alerts");

const KIND_LABEL = { sla_breach: "SLA breach", burn_rate: "Error-budget burn", non_event: "Non-event" } as const;
export const kindLabel = (kind: keyof typeof KIND_LABEL) => KIND_LABEL[kind];

export function counts(messages: readonly AlertMessage[]): { firing: number; resolved: number } {
  const firing = messages.filter((m) => m.status === "firing").length;
  return { firing, resolved: messages.length - firing };
}

/** "FIRING:2" / "RESOLVED:1" / "FIRING:2, RESOLVED:1", like Alertmanager's default titles. */
export function statusTitle(messages: readonly AlertMessage[]): string {
  const c = counts(messages);
  return [c.firing > 0 ? `FIRING:${c.firing}` : "", c.resolved > 0 ? `RESOLVED:${c.resolved}` : ""].filter(Boolean).join(", ");
}

/** "inspection-to-hold · P100 · stage hold-posted": where the alert is. */
export function whereLine(m: AlertMessage): string {
  return [m.signal.definition, m.signal.plant, m.signal.stage ? `stage ${m.signal.stage}` : "end to end"].filter(Boolean).join(" · ");
}

/** Messages shown in a chat card or email before "…and N more" (the JSON webhook always lists all). */
export const MAX_LISTED = 20;
