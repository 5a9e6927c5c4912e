import { sha256Hex } from "./fingerprint";
import type { AlertRule, WebhookFormat } from "./rule-spec";

/** Where a message goes. A rule has one per webhook and one for its email list; Alertmanager is global. */
export type OutletTarget = { kind: "webhook"; format: WebhookFormat; url: string } | { kind: "email"; to: string[] } | { kind: "alertmanager"; url: string };

export const ALERTMANAGER_OUTLET = "alertmanager";

/**
 * The outlet's key in the notification state. A webhook's key hashes its URL, because URLs of
 * Slack and Teams webhooks are secrets and the key is shown to every SLA reader; changing a
 * rule's URL makes a new outlet that is told about what is firing at once.
 */
export function outletKey(target: OutletTarget): string {
  switch (target.kind) {
    case "webhook":
      return `webhook:${target.format}:${sha256Hex(target.url).slice(0, 16)}`;
    case "email":
      return "email";
    case "alertmanager":
      return ALERTMANAGER_OUTLET;
  }
}

export function ruleOutlets(rule: Pick<AlertRule, "webhooks" | "emails">): { key: string; target: OutletTarget }[] {
  const targets: OutletTarget[] = [...rule.webhooks.map((w) => ({ kind: "webhook" as const, format: w.format, url: w.url })), ...(rule.emails.length > 0 ? [{ kind: "email" as const, to: rule.emails }] : [])];
  return targets.map((target) => ({ key: outletKey(target), target }));
}

/** A webhook URL without what makes it a credential: scheme, host and the first path segment. */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return "…";
  const u = new URL(url);
  const first = u.pathname.split("/").filter(Boolean)[0];
  const rest = u.pathname.split("/").filter(Boolean).length > 1 || u.search !== "";
  return `${u.protocol}//${u.host}${first ? `/${first}` : ""}${rest ? "/…" : ""}`;
}

/** "j•••@example.com": enough to recognise, not enough to harvest. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "•••";
  return `${address[0]}•••${address.slice(at)}`;
}

/** How the delivery log names the outlet, shown to every SLA reader: webhook URLs redacted, addresses masked. */
export function describeOutlet(target: OutletTarget): string {
  switch (target.kind) {
    case "webhook":
      return `${target.format} webhook ${redactUrl(target.url)}`;
    case "email":
      return `email to ${target.to.map(maskEmail).join(", ")}`;
    case "alertmanager":
      return `Alertmanager ${redactUrl(target.url)}`;
  }
}
