import { absoluteUrl, kindLabel, whereLine, type AlertMessage, type PayloadContext } from "./context";

/** One element of Alertmanager's `POST /api/v2/alerts` body (postableAlerts). */
export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL: string;
}

const ALERT_NAMES = { sla_breach: "LotlineSlaBreach", burn_rate: "LotlineErrorBudgetBurn", non_event: "LotlineNonEvent" } as const;

/** Prometheus label names: [a-zA-Z_][a-zA-Z0-9_]*; "correlationId" becomes "correlation_id". */
export function labelName(key: string): string {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_");
  return /^[a-z_]/.test(snake) ? snake : `_${snake}`;
}

/**
 * Labels identify the alert in Alertmanager (its fingerprint is their hash), so they are only
 * what stays the same for the life of a signal. An empty value is the same as no label there,
 * so it is left out (stage is empty for end-to-end breaches, burns and volume non-events).
 */
export function alertmanagerLabels(m: AlertMessage): Record<string, string> {
  const s = m.signal;
  const own: Record<string, string> = {
    alertname: ALERT_NAMES[s.kind],
    lotline_id: s.id,
    kind: s.kind,
    severity: s.severity,
    definition: s.definition,
    plant: s.plant,
    stage: s.stage,
    source: "lotline",
  };
  const extra = Object.fromEntries(Object.entries(s.labels).map(([k, v]) => [labelName(k), v]));
  // Lotline's own labels win over a signal label of the same name.
  return Object.fromEntries(Object.entries({ ...extra, ...own }).filter(([, v]) => v !== ""));
}

/**
 * Firing alerts carry no endsAt, so Alertmanager keeps them for its resolve_timeout and the
 * notifier re-posts them every cycle; a resolved one carries endsAt and Alertmanager sends the
 * resolved notice to receivers with send_resolved.
 */
export function alertmanagerPayload(messages: readonly AlertMessage[], ctx: PayloadContext): AlertmanagerAlert[] {
  return messages.map((m) => ({
    labels: alertmanagerLabels(m),
    annotations: {
      summary: m.signal.summary,
      description: `${kindLabel(m.signal.kind)} (${m.signal.severity}) · ${whereLine(m)} · since ${m.signal.startsAt.toISOString()}`,
      lotline_url: absoluteUrl(ctx.publicUrl, m.signal.path),
    },
    startsAt: m.signal.startsAt.toISOString(),
    // Alertmanager refuses an end before the start.
    ...(m.status === "resolved" ? { endsAt: new Date(Math.max((m.signal.endsAt ?? ctx.now).getTime(), m.signal.startsAt.getTime())).toISOString() } : {}),
    generatorURL: absoluteUrl(ctx.publicUrl, m.signal.path),
  }));
}
