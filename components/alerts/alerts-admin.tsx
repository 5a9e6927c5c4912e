"use client";

import Link from "next/link";
import { useState } from "react";
import { FormAlert, primaryButton, secondaryButton } from "@/components/definitions/form-controls";
import { EmptyState, Panel } from "@/components/ui/panel";
import type { CurrentAlertView, DeliveryView, RuleView } from "@/lib/alerts/alerts-store";
import { formatCountOf, formatDuration, formatUtc } from "@/lib/ui/format";
import { Badge, KIND_LABELS, SeverityBadge, StateBadge } from "./badges";
import { RuleEditor } from "./rule-editor";
import { emptySilence, SilencesPanel, type SilenceDraft } from "./silences-panel";
import { useAlertRules, useCurrentAlerts, useDeliveries, useSilences, type AlertsData } from "./use-alerts-data";
import { TableScroll } from "@/components/ui/table-scroll";

const th = "px-3 py-2 font-medium";

/** The alerts admin page: current alerts, rules with their editor, silences and the delivery log, each refreshed every 15 s. */
export function AlertsAdmin({ initial, definitions, emailWarning }: { initial: AlertsData; definitions: string[]; emailWarning: string | null }) {
  const rules = useAlertRules(initial);
  const silences = useSilences(initial);
  const deliveries = useDeliveries(initial);
  const current = useCurrentAlerts(initial);
  const [silenceDraft, setSilenceDraft] = useState<SilenceDraft>(emptySilence);
  const failed = [rules, silences, deliveries, current].find((q) => q.isError);

  return (
    <div className="space-y-6">
      {failed && <FormAlert tone="error">Could not refresh: {failed.error?.message}. Showing the last data loaded.</FormAlert>}
      <CurrentAlerts
        alerts={current.data}
        isFetching={current.isFetching}
        onSilence={(a) => {
          setSilenceDraft({ ...emptySilence(), signalId: a.signalId, comment: "" });
          document.getElementById("silences")?.scrollIntoView({ behavior: "smooth" });
        }}
      />
      <RulesPanel rules={rules.data} definitions={definitions} emailWarning={emailWarning} isFetching={rules.isFetching} />
      <div id="silences">
        <SilencesPanel silences={silences.data} draft={silenceDraft} setDraft={setSilenceDraft} definitions={definitions} isFetching={silences.isFetching} />
      </div>
      <DeliveriesPanel deliveries={deliveries.data} isFetching={deliveries.isFetching} />
    </div>
  );
}

function CurrentAlerts({ alerts, isFetching, onSilence }: { alerts: CurrentAlertView[]; isFetching: boolean; onSilence: (a: CurrentAlertView) => void }) {
  const firing = alerts.filter((a) => a.state === "firing").length;
  return (
    <Panel title="Current alerts" subtitle={`${firing} firing · resolved ones stay listed for an hour${isFetching ? " · refreshing…" : ""}`}>
      {alerts.length === 0 ? (
        <EmptyState title="No alerts">Nothing matches a rule, and Alertmanager (if configured) has nothing from Lotline. Breaches and burns appear here within a cycle.</EmptyState>
      ) : (
        <TableScroll label="Current alerts">
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className={th}>Severity</th>
                <th className={th}>Alert</th>
                <th className={th}>Since</th>
                <th className={th}>Outlets</th>
                <th className={th} />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {alerts.map((a) => (
                <tr key={a.signalId} data-testid="current-alert" className="align-top">
                  <td className="px-3 py-2">
                    <div className="flex flex-col items-start gap-1">
                      <SeverityBadge severity={a.signal.severity} />
                      {a.state === "resolved" ? <StateBadge status="resolved" /> : a.silencedBy ? <StateBadge status="silenced" /> : <StateBadge status="firing" />}
                    </div>
                  </td>
                  <td className="px-3 py-2">
                    <Link href={a.signal.path} className="font-medium text-indigo-700 hover:underline">
                      {a.signal.summary}
                    </Link>
                    <div className="text-xs text-slate-500">
                      {KIND_LABELS[a.signal.kind]} · {a.signal.definition} · {a.signal.plant || "all plants"} · {a.signal.stage || "end to end"} · <span className="font-mono">{a.signalId}</span>
                    </div>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">
                    {formatUtc(a.signal.startsAt)}
                    {a.signal.endsAt && <div className="text-slate-500">ended {formatUtc(a.signal.endsAt)}</div>}
                  </td>
                  <td className="px-3 py-2">
                    <ul className="space-y-1">
                      {a.outlets.map((o) => (
                        <li key={`${o.ruleId}-${o.outlet}`} className="flex flex-wrap items-center gap-1.5 text-xs">
                          <StateBadge status={o.status} title={o.lastError ?? undefined} />
                          <span className="text-slate-700">{o.ruleName}</span>
                          <span className="font-mono text-slate-500">{o.outlet.replace(/:[0-9a-f]{16}$/, "")}</span>
                          <span className="text-slate-500">{o.lastSentAt ? `sent ${formatUtc(o.lastSentAt)} (${o.sendCount}×)` : "not sent yet"}</span>
                          {o.lastError && (
                            <span className="basis-full text-red-700">
                              {o.lastError}
                              {o.nextAttemptAt && ` — failed ${o.failedAttempts}×, next try ${formatUtc(o.nextAttemptAt)}`}
                            </span>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="px-3 py-2 text-right">
                    {a.state === "firing" && !a.silencedBy && (
                      <button type="button" className={secondaryButton} onClick={() => onSilence(a)}>
                        Silence…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Panel>
  );
}

function describeMatch(r: RuleView): string {
  const kinds = r.kinds.length === 0 ? "every kind" : r.kinds.map((k) => KIND_LABELS[k]).join(", ");
  return `${r.definition ?? "any definition"} · ${r.plant ?? "any plant"} · ${kinds} · ${r.minSeverity === "critical" ? "critical only" : "warning and up"}`;
}

function RulesPanel({ rules, definitions, emailWarning, isFetching }: { rules: RuleView[]; definitions: string[]; emailWarning: string | null; isFetching: boolean }) {
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (text: string) => {
    setEditing(null);
    setNotice(text || null);
  };
  return (
    <Panel
      title="Rules"
      subtitle={`${rules.filter((r) => r.enabled).length} enabled of ${rules.length}${isFetching ? " · refreshing…" : ""}`}
      actions={
        editing === null && (
          <button type="button" className={primaryButton} onClick={() => (setEditing("new"), setNotice(null))}>
            New rule
          </button>
        )
      }
    >
      <div className="space-y-4">
        {notice && <FormAlert tone="success">{notice}</FormAlert>}
        {editing === "new" && <RuleEditor rule={null} definitions={definitions} emailWarning={emailWarning} onDone={done} />}
        {rules.length === 0 && editing !== "new" ? (
          <EmptyState title="No alert rules yet">A rule says which breaches, burns and non-events notify whom: webhooks (JSON, Slack, Teams) and email.</EmptyState>
        ) : (
          <TableScroll label="Alert rules">
            <table className="w-full text-sm">
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className={th}>Name</th>
                  <th className={th}>Matches</th>
                  <th className={th}>Outlets</th>
                  <th className={th}>Repeat</th>
                  <th className={th}>Resolved</th>
                  <th className={th}>Enabled</th>
                  <th className={th} />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rules.map((r) =>
                  editing === r.id ? (
                    <tr key={r.id}>
                      <td colSpan={7} className="px-1 py-3">
                        <RuleEditor rule={r} definitions={definitions} emailWarning={emailWarning} onDone={done} />
                      </td>
                    </tr>
                  ) : (
                    <tr key={r.id} data-testid="alert-rule" className="align-top">
                      <td className="px-3 py-2 font-medium">{r.name}</td>
                      <td className="px-3 py-2 text-xs text-slate-600">{describeMatch(r)}</td>
                      <td className="px-3 py-2 text-xs">
                        {r.webhooks.map((w) => (
                          <div key={w.url} className="truncate" title={w.url}>
                            <Badge tone="sky">{w.format}</Badge> <span className="font-mono">{new URL(w.url).host}</span>
                          </div>
                        ))}
                        {r.emails.length > 0 && <div>email: {r.emails.join(", ")}</div>}
                      </td>
                      <td className="whitespace-nowrap px-3 py-2 text-xs">{formatDuration(r.repeatIntervalSec * 1000)}</td>
                      <td className="px-3 py-2 text-xs">{r.sendResolved ? "yes" : <span className="text-slate-500">no</span>}</td>
                      <td className="px-3 py-2 text-xs">{r.enabled ? "yes" : <span className="text-slate-500">no</span>}</td>
                      <td className="px-3 py-2 text-right">
                        <button type="button" className={secondaryButton} disabled={editing !== null} onClick={() => (setEditing(r.id), setNotice(null))}>
                          Edit
                        </button>
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </TableScroll>
        )}
      </div>
    </Panel>
  );
}

function DeliveriesPanel({ deliveries, isFetching }: { deliveries: DeliveryView[]; isFetching: boolean }) {
  const failures = deliveries.filter((d) => !d.ok).length;
  return (
    <Panel title="Recent deliveries" subtitle={`Last ${formatCountOf(deliveries.length, "send")}, ${failures} failed (failed sends are retried every cycle)${isFetching ? " · refreshing…" : ""}`}>
      {deliveries.length === 0 ? (
        <EmptyState title="Nothing sent yet">Each message to a webhook, a mailbox or Alertmanager is listed here with its outcome.</EmptyState>
      ) : (
        <TableScroll label="Deliveries">
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className={th}>At</th>
                <th className={th}>Outcome</th>
                <th className={th}>Rule</th>
                <th className={th}>Outlet</th>
                <th className={th}>Notice</th>
                <th className={th}>Alerts</th>
                <th className={th}>Took</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {deliveries.map((d) => (
                <tr key={d.id} data-testid="alert-delivery" className="align-top">
                  <td className="whitespace-nowrap px-3 py-2 text-xs">{formatUtc(d.at)}</td>
                  <td className="px-3 py-2">
                    {d.ok ? <Badge tone="green">ok</Badge> : <Badge tone="red">error</Badge>}
                    {d.error && <div className="mt-1 max-w-md text-xs text-red-700">{d.error}</div>}
                  </td>
                  <td className="px-3 py-2">{d.ruleName}</td>
                  <td className="px-3 py-2 font-mono text-xs">{d.target || d.outlet}</td>
                  <td className="px-3 py-2">
                    <StateBadge status={d.status} />
                  </td>
                  <td className="px-3 py-2 text-xs" title={d.signalIds.join("\n")}>
                    {d.alertCount}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">{d.durationMs === null ? "–" : formatDuration(d.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Panel>
  );
}
