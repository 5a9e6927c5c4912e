import type { AlertsConfig } from "../config";
import type { AlertRule } from "./rule-spec";

/** What will keep a saved rule from reaching someone, said when it is saved rather than found in the delivery log. */
export function ruleWarnings(rule: Pick<AlertRule, "emails" | "enabled">, config: Pick<AlertsConfig, "smtpUrl" | "emailFrom">): string[] {
  const warnings: string[] = [];
  if (rule.emails.length > 0 && (!config.smtpUrl || !config.emailFrom)) warnings.push("Email is not configured (LOTLINE_SMTP_URL, LOTLINE_ALERT_EMAIL_FROM): its email notices will fail until it is.");
  if (!rule.enabled) warnings.push("The rule is disabled: it sends nothing.");
  return warnings;
}
