"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiProblem, issuesAt, sendJson } from "@/components/ui/api-client";
import { Field, FieldErrors, FormAlert, inputClass, primaryButton, secondaryButton } from "@/components/definitions/form-controls";
import type { RuleView } from "@/lib/alerts/alerts-store";
import { DEFAULT_REPEAT_SEC, SIGNAL_KINDS, WEBHOOK_FORMATS, type WebhookFormat } from "@/lib/alerts/rule-spec";
import type { SignalKind, SignalSeverity } from "@/lib/alerts/signal";
import type { FieldIssue } from "@/lib/workflows/definition-body";
import { KIND_LABELS } from "./badges";
import { alertsKeys } from "./use-alerts-data";
import { formatCountOf } from "@/lib/ui/format";

interface RuleDraft {
  name: string;
  enabled: boolean;
  definition: string;
  plant: string;
  kinds: SignalKind[];
  minSeverity: SignalSeverity;
  webhooks: { url: string; format: WebhookFormat }[];
  emails: string;
  repeatMinutes: string;
  sendResolved: boolean;
}

const FORMAT_LABELS: Record<WebhookFormat, string> = { json: "Generic JSON", slack: "Slack", teams: "Microsoft Teams" };

function draftOf(rule: RuleView | null): RuleDraft {
  return {
    name: rule?.name ?? "",
    enabled: rule?.enabled ?? true,
    definition: rule?.definition ?? "",
    plant: rule?.plant ?? "",
    kinds: rule?.kinds ?? [],
    minSeverity: rule?.minSeverity ?? "warning",
    webhooks: rule?.webhooks ?? [{ url: "", format: "json" }],
    emails: (rule?.emails ?? []).join("\n"),
    repeatMinutes: String((rule?.repeatIntervalSec ?? DEFAULT_REPEAT_SEC) / 60),
    sendResolved: rule?.sendResolved ?? true,
  };
}

function bodyOf(d: RuleDraft) {
  const minutes = Number(d.repeatMinutes);
  return {
    name: d.name,
    enabled: d.enabled,
    definition: d.definition.trim() || null,
    plant: d.plant.trim() || null,
    kinds: d.kinds,
    minSeverity: d.minSeverity,
    webhooks: d.webhooks.filter((w) => w.url.trim() !== ""),
    emails: d.emails.split(/[\s,;]+/).filter(Boolean),
    repeatIntervalSec: d.repeatMinutes.trim() === "" || !Number.isFinite(minutes) ? null : Math.round(minutes * 60),
    sendResolved: d.sendResolved,
  };
}

/** Create (rule null) or edit one alert rule; `onDone` closes the editor after a save or delete. */
export function RuleEditor({ rule, definitions, emailWarning, onDone }: { rule: RuleView | null; definitions: string[]; emailWarning: string | null; onDone: (notice: string) => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(rule));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [notice, setNotice] = useState<{ tone: "error" | "warning"; text: string } | null>(null);
  const update = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const err = (field: string) => issuesAt(issues, field);

  const onError = (error: Error) => {
    const fieldIssues = error instanceof ApiProblem ? error.issues : [];
    setIssues(fieldIssues);
    if (fieldIssues.length > 0) setNotice({ tone: "error", text: `Not saved: ${formatCountOf(fieldIssues.length, "problem")} to fix (marked below).` });
    else setNotice({ tone: error instanceof ApiProblem && error.status === 409 ? "warning" : "error", text: error.message });
  };
  const save = useMutation({
    mutationFn: () =>
      rule
        ? sendJson<{ rule: RuleView; changed: boolean; warnings: string[] }>(`/api/v1/alerts/rules/${rule.id}`, "PUT", { ...bodyOf(draft), baseUpdatedAt: rule.updatedAt })
        : sendJson<{ rule: RuleView; warnings: string[] }>("/api/v1/alerts/rules", "POST", bodyOf(draft)),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: alertsKeys.all });
      const warnings = result.warnings.length > 0 ? ` ${result.warnings.join(" ")}` : "";
      onDone(rule ? ("changed" in result && !result.changed ? `Nothing changed in "${result.rule.name}".` : `Saved "${result.rule.name}".${warnings}`) : `Created "${result.rule.name}".${warnings}`);
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: () => sendJson<void>(`/api/v1/alerts/rules/${rule!.id}`, "DELETE"),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: alertsKeys.all });
      onDone(`Deleted "${rule!.name}".`);
    },
    onError,
  });
  const setWebhook = (i: number, patch: Partial<RuleDraft["webhooks"][number]>) => update({ webhooks: draft.webhooks.map((w, j) => (j === i ? { ...w, ...patch } : w)) });

  return (
    <form
      aria-label={rule ? `Edit rule ${rule.name}` : "New alert rule"}
      className="space-y-5 rounded-lg border border-indigo-100 bg-indigo-50/30 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="grid gap-4 md:grid-cols-3">
        <Field label="Name" errors={err("name")}>
          <input value={draft.name} onChange={(e) => update({ name: e.target.value })} aria-invalid={err("name").length > 0} className={inputClass} placeholder="Holds at P100" />
        </Field>
        <Field label="Definition" hint="Workflow or non-event key; empty matches any" errors={err("definition")}>
          <input value={draft.definition} list="alert-definitions" onChange={(e) => update({ definition: e.target.value })} aria-invalid={err("definition").length > 0} className={`${inputClass} font-mono`} placeholder="any" />
          <datalist id="alert-definitions">
            {definitions.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
        </Field>
        <Field label="Plant" hint="Plant code; empty matches any" errors={err("plant")}>
          <input value={draft.plant} onChange={(e) => update({ plant: e.target.value })} aria-invalid={err("plant").length > 0} className={`${inputClass} font-mono`} placeholder="any" />
        </Field>
      </div>

      <div className="grid gap-4 md:grid-cols-3">
        <fieldset>
          <legend className="mb-1 block text-xs font-medium text-slate-700">Kinds (none ticked matches all)</legend>
          <div className="flex flex-wrap gap-3 text-sm">
            {SIGNAL_KINDS.map((k) => (
              <label key={k} className="flex items-center gap-1.5">
                <input type="checkbox" checked={draft.kinds.includes(k)} onChange={(e) => update({ kinds: e.target.checked ? [...draft.kinds, k] : draft.kinds.filter((x) => x !== k) })} />
                {KIND_LABELS[k]}
              </label>
            ))}
          </div>
        </fieldset>
        <Field label="Minimum severity" errors={err("minSeverity")}>
          <select value={draft.minSeverity} onChange={(e) => update({ minSeverity: e.target.value as SignalSeverity })} className={inputClass}>
            <option value="warning">Warning and critical</option>
            <option value="critical">Critical only</option>
          </select>
        </Field>
        <Field label="Repeat interval (minutes)" hint="A still-firing alert is sent again after this long (1 min to 7 days)" errors={err("repeatIntervalSec")}>
          <input type="number" min={1} value={draft.repeatMinutes} onChange={(e) => update({ repeatMinutes: e.target.value })} aria-invalid={err("repeatIntervalSec").length > 0} className={inputClass} />
        </Field>
      </div>

      <div>
        <span className="mb-1 block text-xs font-medium text-slate-700">Webhooks (http:// or https://)</span>
        <ul className="space-y-2">
          {draft.webhooks.map((w, i) => (
            <li key={i} className="flex flex-wrap items-start gap-2">
              <input
                value={w.url}
                aria-label={`Webhook ${i + 1} URL`}
                aria-invalid={err(`webhooks.${i}`).length > 0}
                onChange={(e) => setWebhook(i, { url: e.target.value })}
                placeholder="https://hooks.slack.com/services/…"
                className={`${inputClass} min-w-0 flex-1 font-mono`}
              />
              <select value={w.format} aria-label={`Webhook ${i + 1} format`} onChange={(e) => setWebhook(i, { format: e.target.value as WebhookFormat })} className={`${inputClass} w-44`}>
                {WEBHOOK_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {FORMAT_LABELS[f]}
                  </option>
                ))}
              </select>
              <button type="button" className={secondaryButton} onClick={() => update({ webhooks: draft.webhooks.filter((_, j) => j !== i) })}>
                Remove
              </button>
              <FieldErrors messages={err(`webhooks.${i}`)} layout="row" />
            </li>
          ))}
        </ul>
        <FieldErrors messages={issuesAt(issues, "webhooks", true)} layout="block" />
        <button type="button" className={`${secondaryButton} mt-2`} onClick={() => update({ webhooks: [...draft.webhooks, { url: "", format: "json" }] })}>
          Add webhook
        </button>
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Email recipients" hint={emailWarning ?? "One address per line; one mail per cycle to all of them"} errors={err("emails")}>
          <textarea value={draft.emails} rows={3} onChange={(e) => update({ emails: e.target.value })} aria-invalid={err("emails").length > 0} className={`${inputClass} font-mono`} placeholder="ops@plant.example" />
        </Field>
        <div className="space-y-2 pt-5 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={draft.sendResolved} onChange={(e) => update({ sendResolved: e.target.checked })} />
            Send a resolved notice when the alert ends
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: e.target.checked })} />
            Enabled (a disabled rule sends nothing and forgets its alerts)
          </label>
        </div>
      </div>

      {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={save.isPending} className={primaryButton}>
          {save.isPending ? "Saving…" : rule ? "Save rule" : "Create rule"}
        </button>
        <button type="button" className={secondaryButton} onClick={() => onDone("")}>
          Cancel
        </button>
        {rule && (
          <button
            type="button"
            disabled={remove.isPending}
            className="ml-auto rounded-lg border border-red-200 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-40"
            onClick={() => {
              if (window.confirm(`Delete the rule "${rule.name}"? Its alerts are forgotten without resolved notices.`)) remove.mutate();
            }}
          >
            {remove.isPending ? "Deleting…" : "Delete rule"}
          </button>
        )}
      </div>
    </form>
  );
}
