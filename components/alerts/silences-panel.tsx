"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiProblem, issuesAt, sendJson } from "@/components/ui/api-client";
import { Field, FormAlert, inputClass, primaryButton, secondaryButton } from "@/components/definitions/form-controls";
import { EmptyState, Panel } from "@/components/ui/panel";
import type { SilenceView } from "@/lib/alerts/alerts-store";
import { SIGNAL_KINDS } from "@/lib/alerts/rule-spec";
import { formatCountOf, formatUtc } from "@/lib/ui/format";
import type { FieldIssue } from "@/lib/workflows/definition-body";
import { KIND_LABELS, StateBadge } from "./badges";
import { alertsKeys } from "./use-alerts-data";
import { TableScroll } from "@/components/ui/table-scroll";

const DURATIONS = [
  { minutes: 30, label: "30 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 120, label: "2 hours" },
  { minutes: 240, label: "4 hours" },
  { minutes: 480, label: "8 hours" },
  { minutes: 1440, label: "1 day" },
  { minutes: 4320, label: "3 days" },
  { minutes: 10080, label: "7 days" },
];

export interface SilenceDraft {
  definition: string;
  plant: string;
  kind: string;
  signalId: string;
  durationMinutes: number;
  comment: string;
}

export const emptySilence = (): SilenceDraft => ({ definition: "", plant: "", kind: "", signalId: "", durationMinutes: 60, comment: "" });

function matchers(s: SilenceView): string {
  const parts = [s.definition && `definition=${s.definition}`, s.plant && `plant=${s.plant}`, s.kind && `kind=${s.kind}`, s.signalId && `alert=${s.signalId}`].filter(Boolean);
  return parts.join(" · ");
}

/** Silences: a form (prefilled from an alert's "Silence" button) and the list with an Expire button. */
export function SilencesPanel({ silences, draft, setDraft, definitions, isFetching }: { silences: SilenceView[]; draft: SilenceDraft; setDraft: (d: SilenceDraft) => void; definitions: string[]; isFetching: boolean }) {
  const queryClient = useQueryClient();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [notice, setNotice] = useState<{ tone: "error" | "warning" | "success"; text: string } | null>(null);
  const err = (field: string) => issuesAt(issues, field);
  const onError = (error: Error) => {
    const fieldIssues = error instanceof ApiProblem ? error.issues : [];
    setIssues(fieldIssues);
    if (fieldIssues.length > 0) setNotice({ tone: "error", text: `Not saved: ${formatCountOf(fieldIssues.length, "problem")} to fix (marked below).` });
    else setNotice({ tone: error instanceof ApiProblem && error.status === 409 ? "warning" : "error", text: error.message });
  };
  const create = useMutation({
    mutationFn: () => sendJson<{ silence: SilenceView }>("/api/v1/alerts/silences", "POST", { ...draft, kind: draft.kind || null }),
    onSuccess: async ({ silence }) => {
      await queryClient.invalidateQueries({ queryKey: alertsKeys.all });
      setIssues([]);
      setDraft(emptySilence());
      setNotice({ tone: "success", text: `Silenced until ${formatUtc(silence.endsAt)}.` });
    },
    onError,
  });
  const expire = useMutation({
    mutationFn: (id: string) => sendJson<{ silence: SilenceView }>(`/api/v1/alerts/silences/${id}`, "DELETE"),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: alertsKeys.all });
      setNotice({ tone: "success", text: "Silence expired; matching alerts that still fire are sent now." });
    },
    onError,
  });
  const active = silences.filter((s) => s.state !== "expired").length;

  return (
    <Panel title="Silences" subtitle={`${active} active or scheduled · expired ones are kept for 7 days${isFetching ? " · refreshing…" : ""}`}>
      <form
        aria-label="New silence"
        className="mb-5 grid gap-3 md:grid-cols-6"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field label="Definition" errors={err("definition")}>
          <input value={draft.definition} list="alert-definitions-silence" onChange={(e) => setDraft({ ...draft, definition: e.target.value })} className={`${inputClass} font-mono`} placeholder="any" />
          <datalist id="alert-definitions-silence">
            {definitions.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
        </Field>
        <Field label="Plant" errors={err("plant")}>
          <input value={draft.plant} onChange={(e) => setDraft({ ...draft, plant: e.target.value })} className={`${inputClass} font-mono`} placeholder="any" />
        </Field>
        <Field label="Kind" errors={err("kind")}>
          <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })} className={inputClass}>
            <option value="">any</option>
            {SIGNAL_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Alert id" hint="One alert only" errors={err("signalId")}>
          <input value={draft.signalId} onChange={(e) => setDraft({ ...draft, signalId: e.target.value })} className={`${inputClass} font-mono`} placeholder="any" />
        </Field>
        <Field label="Duration" errors={err("durationMinutes")}>
          <select value={draft.durationMinutes} onChange={(e) => setDraft({ ...draft, durationMinutes: Number(e.target.value) })} className={inputClass}>
            {DURATIONS.map((d) => (
              <option key={d.minutes} value={d.minutes}>
                {d.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Comment" errors={err("comment")}>
          <input value={draft.comment} onChange={(e) => setDraft({ ...draft, comment: e.target.value })} aria-invalid={err("comment").length > 0} className={inputClass} placeholder="ERP maintenance" />
        </Field>
        <div className="space-y-2 md:col-span-6">
          {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
          <button type="submit" disabled={create.isPending} className={primaryButton}>
            {create.isPending ? "Silencing…" : "Silence"}
          </button>
        </div>
      </form>
      {silences.length === 0 ? (
        <EmptyState title="No silences">A silence mutes matching alerts for a while; the alerts are still evaluated and tracked.</EmptyState>
      ) : (
        <TableScroll label="Silences">
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">State</th>
                <th className="px-3 py-2 font-medium">Matches</th>
                <th className="px-3 py-2 font-medium">From</th>
                <th className="px-3 py-2 font-medium">Until</th>
                <th className="px-3 py-2 font-medium">Comment</th>
                <th className="px-3 py-2 font-medium" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {silences.map((s) => (
                <tr key={s.id} data-testid="alert-silence" className="align-top">
                  <td className="px-3 py-2">
                    <StateBadge status={s.state} />
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{matchers(s)}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">{formatUtc(s.startsAt)}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">{formatUtc(s.endsAt)}</td>
                  <td className="px-3 py-2">
                    {s.comment}
                    <div className="text-xs text-slate-500">by {s.createdBy}</div>
                  </td>
                  <td className="px-3 py-2 text-right">
                    {s.state !== "expired" && (
                      <button type="button" className={secondaryButton} disabled={expire.isPending} onClick={() => expire.mutate(s.id)}>
                        Expire
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
