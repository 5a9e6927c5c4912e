import { AlertsAdmin } from "@/components/alerts/alerts-admin";
import { listCurrentAlerts, listDeliveries, listRules, listSilences } from "@/lib/alerts/alerts-store";
import { requireAlertsAdmin } from "@/lib/alerts/alerts-page-guard";
import { ruleWarnings } from "@/lib/alerts/rule-warnings";
import { getConfig } from "@/lib/config";
import { listDefinitions } from "@/lib/workflows/definitions-store";
import { getDb } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const db = await getDb();
  const actor = await requireAlertsAdmin(db);
  const now = new Date();
  const config = getConfig().alerts;
  const [rules, silences, deliveries, alerts, workflows, nonEvents] = await Promise.all([
    listRules(db, true),
    listSilences(db, now),
    listDeliveries(db, { limit: 50 }),
    listCurrentAlerts(db, now, actor.plants),
    listDefinitions(db, "workflow"),
    listDefinitions(db, "non_event"),
  ]);
  const outlets = [config.alertmanagerUrl ? "Alertmanager" : null, config.smtpUrl && config.emailFrom ? "email (SMTP)" : null].filter(Boolean).join(" and ");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Alerts</h1>
        <p className="text-sm text-slate-500">
          Who is told about SLA breaches, error-budget burns and non-events, and how. A firing alert is sent once, repeated after the rule&apos;s interval, and resolved once; silences mute
          matching alerts for a while. {outlets ? `Configured: ${outlets}.` : "Email (LOTLINE_SMTP_URL) and Alertmanager (ALERTMANAGER_URL) are not configured; webhooks work without setup."}
        </p>
      </div>
      <AlertsAdmin
        initial={{ rules, silences, deliveries, alerts, generatedAt: now.toISOString() }}
        definitions={[...workflows, ...nonEvents].map((d) => d.key).sort()}
        emailWarning={ruleWarnings({ emails: ["x"], enabled: true }, config)[0] ?? null}
      />
    </div>
  );
}
