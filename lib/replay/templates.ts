/** The names a header or key template may use as `{{name}}`; the senders fill exactly these (their variables are typed by this list). */
export const TEMPLATE_VARIABLES = ["correlationId", "messageId", "interface", "plant", "taskId", "lotId", "orderId", "idempotencyKey", "originalId", "replayedBy"] as const;

/** Fills `{{name}}` placeholders from the message's fields; an unknown name renders empty, so a typo shows as a missing value, not a literal. */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => vars[name] ?? "");
}
