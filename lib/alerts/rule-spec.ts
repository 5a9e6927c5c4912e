import { z } from "zod";
import type { SignalKind, SignalSeverity } from "./signal";

/**
 * An alert rule as data: which signals it matches and where it sends them. Shared by the API
 * (validation), the notifier (matching and outlets) and the admin page.
 */

export const SIGNAL_KINDS = ["sla_breach", "burn_rate", "non_event"] as const satisfies readonly SignalKind[];
export const SIGNAL_SEVERITIES = ["warning", "critical"] as const satisfies readonly SignalSeverity[];
export const WEBHOOK_FORMATS = ["json", "slack", "teams"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookTarget {
  url: string;
  format: WebhookFormat;
}

export interface AlertRule {
  id: string;
  name: string;
  enabled: boolean;
  /** Workflow or non-event definition key; null matches any. */
  definition: string | null;
  /** Plant code; null matches any. */
  plant: string | null;
  /** Signal kinds; empty matches any. */
  kinds: SignalKind[];
  /** The lowest severity that notifies (critical ≥ warning). */
  minSeverity: SignalSeverity;
  webhooks: WebhookTarget[];
  emails: string[];
  /** A still-firing alert is sent again once this long has passed since the last send. */
  repeatIntervalSec: number;
  sendResolved: boolean;
}

export const MIN_REPEAT_SEC = 60;
export const MAX_REPEAT_SEC = 7 * 86_400;
export const DEFAULT_REPEAT_SEC = 4 * 3_600;

const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

export const DefinitionMatcherSchema = z.preprocess(
  emptyToNull,
  z.string().trim().regex(/^[a-z][a-z0-9-]{0,62}$/, "a definition key: lowercase letters, digits and dashes, starting with a letter").nullable(),
);
export const PlantMatcherSchema = z.preprocess(emptyToNull, z.string().trim().regex(/^[A-Za-z0-9._-]{1,40}$/, "a plant code: letters, digits, . _ -").nullable());

/** http(s) only: a file:, ftp: or javascript: URL in a rule is refused with a 400. */
export const WebhookUrlSchema = z
  .string()
  .trim()
  .max(2_000, "at most 2000 characters")
  .refine((v) => URL.canParse(v) && ["http:", "https:"].includes(new URL(v).protocol), "must be an http:// or https:// URL");

export const WebhookSchema = z.object({ url: WebhookUrlSchema, format: z.enum(WEBHOOK_FORMATS).default("json") }).strict();

const ruleFields = {
  name: z.string().trim().min(1, "a name is required").max(120, "at most 120 characters"),
  enabled: z.boolean().default(true),
  definition: DefinitionMatcherSchema.default(null),
  plant: PlantMatcherSchema.default(null),
  kinds: z
    .array(z.enum(SIGNAL_KINDS))
    .max(SIGNAL_KINDS.length)
    .default([])
    .transform((kinds) => [...new Set(kinds)].sort()),
  minSeverity: z.enum(SIGNAL_SEVERITIES).default("warning"),
  webhooks: z.array(WebhookSchema).max(10, "at most 10 webhooks").default([]),
  emails: z
    .array(z.string().trim().toLowerCase().pipe(z.email("must be an email address")))
    .max(50, "at most 50 addresses")
    .default([])
    .transform((emails) => [...new Set(emails)]),
  repeatIntervalSec: z
    .number()
    .int()
    .min(MIN_REPEAT_SEC, `at least ${MIN_REPEAT_SEC} s`)
    .max(MAX_REPEAT_SEC, `at most ${MAX_REPEAT_SEC} s (7 days)`)
    .default(DEFAULT_REPEAT_SEC),
  sendResolved: z.boolean().default(true),
};

function checkRule(rule: { webhooks: WebhookTarget[]; emails: string[] }, ctx: z.RefinementCtx) {
  if (rule.webhooks.length === 0 && rule.emails.length === 0) {
    ctx.addIssue({ code: "custom", path: ["webhooks"], message: "a rule needs at least one webhook or email address" });
  }
  const seen = new Set<string>();
  rule.webhooks.forEach((w, i) => {
    if (seen.has(w.url)) ctx.addIssue({ code: "custom", path: ["webhooks", i, "url"], message: "this URL is listed twice" });
    seen.add(w.url);
  });
}

/** POST: a new rule. */
export const AlertRuleInputSchema = z.object(ruleFields).strict().superRefine(checkRule);
export type AlertRuleInput = z.infer<typeof AlertRuleInputSchema>;

/** PUT replaces the rule; `baseUpdatedAt` (from the GET) makes a save on top of someone else's change a 409. */
export const AlertRuleUpdateSchema = z
  .object({ ...ruleFields, baseUpdatedAt: z.iso.datetime({ offset: true }).optional() })
  .strict()
  .superRefine(checkRule);

const SEVERITY_RANK: Record<SignalSeverity, number> = { warning: 1, critical: 2 };
export const severityAtLeast = (severity: SignalSeverity, min: SignalSeverity) => SEVERITY_RANK[severity] >= SEVERITY_RANK[min];
