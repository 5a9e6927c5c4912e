import { absoluteUrl, alertsPageUrl, counts, type AlertMessage, type PayloadContext } from "./context";

/**
 * The generic JSON webhook body, version 1. Stable for receivers: fields are only ever added.
 * `status` is "firing" while any alert in it fires; `commonLabels` are the labels every alert shares.
 */
export interface WebhookJsonPayload {
  version: "1";
  source: "lotline";
  status: "firing" | "resolved";
  groupKey: string;
  sentAt: string;
  rule: { id: string; name: string } | null;
  counts: { firing: number; resolved: number };
  commonLabels: Record<string, string>;
  alerts: WebhookJsonAlert[];
  links: { alerts: string };
}

export interface WebhookJsonAlert {
  fingerprint: string;
  id: string;
  status: "firing" | "resolved";
  /** Why it is sent now: new, repeat, unsilenced, retry or resolved. */
  reason: string;
  kind: string;
  severity: string;
  definition: string;
  plant: string;
  stage: string;
  summary: string;
  startsAt: string;
  endsAt: string | null;
  labels: Record<string, string>;
  url: string;
}

/** The labels a JSON alert carries: the signal's own plus kind, severity, definition, plant, stage. */
export function alertLabels(m: AlertMessage): Record<string, string> {
  const s = m.signal;
  return { ...s.labels, kind: s.kind, severity: s.severity, definition: s.definition, plant: s.plant, ...(s.stage ? { stage: s.stage } : {}) };
}

export function webhookJsonPayload(messages: readonly AlertMessage[], ctx: PayloadContext): WebhookJsonPayload {
  const alerts = messages.map((m): WebhookJsonAlert => ({
    fingerprint: m.fingerprint,
    id: m.signal.id,
    status: m.status,
    reason: m.reason,
    kind: m.signal.kind,
    severity: m.signal.severity,
    definition: m.signal.definition,
    plant: m.signal.plant,
    stage: m.signal.stage,
    summary: m.signal.summary,
    startsAt: m.signal.startsAt.toISOString(),
    endsAt: m.status === "resolved" ? (m.signal.endsAt ?? ctx.now).toISOString() : null,
    labels: alertLabels(m),
    url: absoluteUrl(ctx.publicUrl, m.signal.path),
  }));
  const c = counts(messages);
  const [first, ...rest] = alerts.map((a) => a.labels);
  const commonLabels = first ? Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((l) => l[k] === v))) : {};
  return {
    version: "1",
    source: "lotline",
    status: c.firing > 0 ? "firing" : "resolved",
    groupKey: ctx.groupKey,
    sentAt: ctx.now.toISOString(),
    rule: ctx.rule,
    counts: c,
    commonLabels,
    alerts,
    links: { alerts: alertsPageUrl(ctx.publicUrl) },
  };
}
