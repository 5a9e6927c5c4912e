"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Panel } from "@/components/ui/panel";
import type { FieldIssue } from "@/lib/workflows/definition-body";
import type { WorkflowSpec } from "@/lib/workflows/definition-spec";
import type { DefinitionDetail } from "@/lib/workflows/definitions-store";
import { draftId, specFromDraft, workflowDraft, type OverrideDraft, type StageDraft, type WorkflowDraft } from "@/lib/workflows/workflow-draft";
import { ApiProblem, issuesAt, sendJson } from "@/components/ui/api-client";
import { EventMatchFields } from "./event-match-fields";
import { Field, FormAlert, inputClass, primaryButton, secondaryButton } from "./form-controls";
import { VersionHistory } from "./version-history";
import { formatCountOf } from "@/lib/ui/format";

type Detail = DefinitionDetail<WorkflowSpec>;

const SYSTEMS = ["ERP", "MES", "QMS", "WMS", "CMMS", "APS", "CRM", "Analytics", "Supplier portal", "Customer portal", "MIDDLEWARE"];

/** The workflow editor: a form over the spec, saved as the next version, with the history beside it. */
export function WorkflowEditor({ initial }: { initial: Detail }) {
  const url = `/api/v1/workflows/${encodeURIComponent(initial.key)}`;
  const queryClient = useQueryClient();
  const queryKey = ["definitions", "workflow", initial.key];
  const { data: definition } = useQuery({ queryKey, queryFn: async () => (await sendJson<{ definition: Detail }>(url, "GET")).definition, initialData: initial, staleTime: 10_000 });
  const [draft, setDraft] = useState<WorkflowDraft>(() => workflowDraft(initial.current.spec, initial.current.enabled));
  const [base, setBase] = useState(initial.current.version);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [notice, setNotice] = useState<{ tone: "error" | "warning" | "success"; text: string } | null>(null);

  const dirty = useMemo(
    () => JSON.stringify(specFromDraft(draft)) !== JSON.stringify(specFromDraft(workflowDraft(definition.versions.find((v) => v.version === base)!.spec, true))) || draft.enabled !== definition.versions.find((v) => v.version === base)!.enabled,
    [draft, base, definition],
  );

  const save = useMutation({
    mutationFn: () => sendJson<{ definition: Detail; changed: boolean }>(url, "PUT", { baseVersion: base, enabled: draft.enabled, spec: specFromDraft(draft) }),
    onSuccess: ({ definition: saved, changed }) => {
      queryClient.setQueryData(queryKey, saved);
      setBase(saved.current.version);
      setDraft(workflowDraft(saved.current.spec, saved.current.enabled));
      setIssues([]);
      setNotice({ tone: "success", text: changed ? `Saved as version ${saved.current.version}; it applies to instances triggered from now on.` : "Nothing changed; no new version." });
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.status === 400) {
        setIssues(error.issues);
        setNotice({ tone: "error", text: `Not saved: ${formatCountOf(error.issues.length || 1, "problem")} to fix (marked below).` });
      } else if (error instanceof ApiProblem && error.status === 409) {
        setNotice({ tone: "warning", text: `${error.message}` });
      } else {
        setNotice({ tone: "error", text: error.message });
      }
    },
  });

  async function loadLatest() {
    const latest = await queryClient.fetchQuery({ queryKey, queryFn: async () => (await sendJson<{ definition: Detail }>(url, "GET")).definition, staleTime: 0 });
    setBase(latest.current.version);
    setDraft(workflowDraft(latest.current.spec, latest.current.enabled));
    setIssues([]);
    setNotice(null);
  }

  const update = (patch: Partial<WorkflowDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setStage = (index: number, patch: Partial<StageDraft>) => update({ stages: draft.stages.map((s, i) => (i === index ? { ...s, ...patch } : s)) });
  const moveStage = (index: number, by: -1 | 1) => {
    const stages = [...draft.stages];
    const [moved] = stages.splice(index, 1);
    stages.splice(index + by, 0, moved!);
    update({ stages });
  };
  const setOverride = (index: number, patch: Partial<OverrideDraft>) => update({ overrides: draft.overrides.map((o, i) => (i === index ? { ...o, ...patch } : o)) });
  const err = (field: string, exact = false) => issuesAt(issues, field, exact);
  const stale = base !== definition.current.version;

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <form
        aria-label="Edit workflow"
        className="space-y-6"
        onSubmit={(e) => {
          e.preventDefault();
          setNotice(null);
          save.mutate();
        }}
      >
        <Panel title="Workflow" subtitle={`Key ${definition.key} (fixed) · editing version ${base}`}>
          <div className="grid gap-4 md:grid-cols-2">
            <Field label="Name" errors={err("spec.name")}>
              <input value={draft.name} onChange={(e) => update({ name: e.target.value })} aria-invalid={err("spec.name").length > 0} className={inputClass} />
            </Field>
            <label className="flex items-center gap-2 self-end pb-2 text-sm">
              <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: e.target.checked })} />
              Enabled (a disabled workflow is not evaluated for new instances)
            </label>
            <Field label="Description" className="md:col-span-2" errors={err("spec.description")}>
              <textarea value={draft.description} rows={2} onChange={(e) => update({ description: e.target.value })} className={inputClass} />
            </Field>
          </div>
        </Panel>

        <Panel title="Trigger" subtitle="The event that starts an instance (keyed by correlation id)">
          <EventMatchFields label="Trigger" field="spec.trigger" value={draft.trigger} issues={issues} onChange={(trigger) => update({ trigger })} />
        </Panel>

        <Panel
          title="Stages"
          subtitle="In the order they happen; each completes on its first matching event"
          actions={
            <button
              type="button"
              className={secondaryButton}
              onClick={() => update({ stages: [...draft.stages, { id: draftId(), key: `stage-${draft.stages.length + 1}`, label: "", system: "", match: { types: "", typePattern: "", sourcePattern: "" }, targetMin: "", carriedBy: "" }] })}
            >
              Add stage
            </button>
          }
        >
          {err("spec.stages", true).map((m) => (
            <FormAlert key={m} tone="error">
              {m}
            </FormAlert>
          ))}
          <ol className="space-y-4">
            {draft.stages.map((stage, i) => {
              const f = `spec.stages.${i}`;
              return (
                <li key={stage.id} data-testid="stage" className="rounded-lg border border-slate-200 p-4">
                  <div className="mb-3 flex items-center justify-between">
                    <span className="text-sm font-semibold text-slate-800">
                      {i + 1}. {stage.label || "New stage"}
                    </span>
                    <span className="flex gap-1">
                      <button type="button" className={secondaryButton} disabled={i === 0} onClick={() => moveStage(i, -1)} aria-label={`Move stage ${i + 1} up`}>
                        ↑
                      </button>
                      <button type="button" className={secondaryButton} disabled={i === draft.stages.length - 1} onClick={() => moveStage(i, 1)} aria-label={`Move stage ${i + 1} down`}>
                        ↓
                      </button>
                      <button type="button" className={`${secondaryButton} text-red-700`} disabled={draft.stages.length === 1} onClick={() => update({ stages: draft.stages.filter((_, j) => j !== i) })} aria-label={`Remove stage ${i + 1}`}>
                        Remove
                      </button>
                    </span>
                  </div>
                  <div className="mb-3 grid gap-3 md:grid-cols-5">
                    <Field label="Label" errors={err(`${f}.label`)}>
                      <input value={stage.label} onChange={(e) => setStage(i, { label: e.target.value })} aria-invalid={err(`${f}.label`).length > 0} className={inputClass} />
                    </Field>
                    <Field label="Stage key" errors={err(`${f}.key`)}>
                      <input value={stage.key} onChange={(e) => setStage(i, { key: e.target.value })} aria-invalid={err(`${f}.key`).length > 0} className={`${inputClass} font-mono`} />
                    </Field>
                    <Field label="System" errors={err(`${f}.system`)}>
                      <input value={stage.system} list="known-systems" onChange={(e) => setStage(i, { system: e.target.value })} aria-invalid={err(`${f}.system`).length > 0} className={inputClass} />
                    </Field>
                    <Field label="Stage target (min)" hint="From the trigger; optional" errors={err(`${f}.targetMs`)}>
                      <input value={stage.targetMin} inputMode="decimal" onChange={(e) => setStage(i, { targetMin: e.target.value })} aria-invalid={err(`${f}.targetMs`).length > 0} className={inputClass} />
                    </Field>
                    <Field label="Carried by" hint="When the key changes mid-flow" errors={err(`${f}.carriedBy`)}>
                      <select value={stage.carriedBy} onChange={(e) => setStage(i, { carriedBy: e.target.value as StageDraft["carriedBy"] })} className={inputClass}>
                        <option value="">correlation id</option>
                        <option value="order">order id</option>
                        <option value="lot">lot id</option>
                      </select>
                    </Field>
                  </div>
                  <EventMatchFields label="Completes on" field={`${f}.match`} value={stage.match} issues={issues} onChange={(match) => setStage(i, { match })} />
                </li>
              );
            })}
          </ol>
          <datalist id="known-systems">
            {SYSTEMS.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </Panel>

        <Panel title="SLA" subtitle="End to end, from the trigger to the closing stage">
          <div className="grid gap-4 md:grid-cols-5">
            <Field label="Until stage" errors={err("spec.sla.untilStage")}>
              <select value={draft.sla.untilStage} onChange={(e) => update({ sla: { ...draft.sla, untilStage: e.target.value } })} aria-invalid={err("spec.sla.untilStage").length > 0} className={inputClass}>
                {!draft.stages.some((s) => s.key === draft.sla.untilStage) && <option value={draft.sla.untilStage}>{draft.sla.untilStage || "choose"} (missing)</option>}
                {draft.stages.map((s) => (
                  <option key={s.id} value={s.key}>
                    {s.label || s.key}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="SLA target (min)" errors={err("spec.sla.targetMs")}>
              <input value={draft.sla.targetMin} inputMode="decimal" onChange={(e) => update({ sla: { ...draft.sla, targetMin: e.target.value } })} aria-invalid={err("spec.sla.targetMs").length > 0} className={inputClass} />
            </Field>
            <Field label="At risk after (% of target)" errors={err("spec.sla.atRiskShare")}>
              <input value={draft.sla.atRiskPct} inputMode="decimal" onChange={(e) => update({ sla: { ...draft.sla, atRiskPct: e.target.value } })} aria-invalid={err("spec.sla.atRiskShare").length > 0} className={inputClass} />
            </Field>
            <Field label="Objective (% met)" errors={err("spec.sla.objective")}>
              <input value={draft.sla.objectivePct} inputMode="decimal" onChange={(e) => update({ sla: { ...draft.sla, objectivePct: e.target.value } })} aria-invalid={err("spec.sla.objective").length > 0} className={inputClass} />
            </Field>
            <label className="flex items-center gap-2 self-end pb-2 text-sm">
              <input type="checkbox" checked={draft.sla.businessHours} onChange={(e) => update({ sla: { ...draft.sla, businessHours: e.target.checked } })} />
              Business hours only
            </label>
          </div>
        </Panel>

        <Panel
          title="Plant overrides"
          subtitle="Targets that differ per plant; empty fields inherit"
          actions={
            <button type="button" className={secondaryButton} onClick={() => update({ overrides: [...draft.overrides, { id: draftId(), plant: "", targetMin: "", businessHours: "inherit", stageTargets: {} }] })}>
              Add plant
            </button>
          }
        >
          {draft.overrides.length === 0 ? (
            <p className="text-sm text-slate-500">No overrides: every plant uses the targets above.</p>
          ) : (
            <ul className="space-y-3">
              {draft.overrides.map((o, i) => {
                const f = `spec.plantOverrides.${o.plant.trim()}`;
                return (
                  <li key={o.id} className="rounded-lg border border-slate-200 p-3">
                    <div className="grid gap-3 md:grid-cols-[1fr_1fr_1fr_auto] md:items-end">
                      <Field label="Plant" errors={o.plant.trim() ? err(f, true) : []}>
                        <input value={o.plant} onChange={(e) => setOverride(i, { plant: e.target.value })} placeholder="P100" className={inputClass} />
                      </Field>
                      <Field label="SLA target (min)" errors={o.plant.trim() ? err(`${f}.targetMs`) : []}>
                        <input value={o.targetMin} inputMode="decimal" onChange={(e) => setOverride(i, { targetMin: e.target.value })} placeholder="inherit" className={inputClass} />
                      </Field>
                      <Field label="Business hours">
                        <select value={o.businessHours} onChange={(e) => setOverride(i, { businessHours: e.target.value as OverrideDraft["businessHours"] })} className={inputClass}>
                          <option value="inherit">inherit</option>
                          <option value="yes">only business hours</option>
                          <option value="no">around the clock</option>
                        </select>
                      </Field>
                      <button type="button" className={`${secondaryButton} text-red-700`} onClick={() => update({ overrides: draft.overrides.filter((_, j) => j !== i) })}>
                        Remove
                      </button>
                    </div>
                    <div className="mt-3 grid gap-2 md:grid-cols-4">
                      {draft.stages.map((s) => (
                        <Field key={s.id} label={`${s.label || s.key} (min)`} errors={o.plant.trim() ? err(`${f}.stageTargets.${s.key}`) : []}>
                          <input value={o.stageTargets[s.key] ?? ""} inputMode="decimal" placeholder="inherit" onChange={(e) => setOverride(i, { stageTargets: { ...o.stageTargets, [s.key]: e.target.value } })} className={inputClass} />
                        </Field>
                      ))}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </Panel>

        <div className="sticky bottom-0 z-10 space-y-2 border-t border-slate-200 bg-slate-50/95 py-3 backdrop-blur">
          {notice && (
            <FormAlert tone={notice.tone}>
              {notice.text}
              {notice.tone === "warning" && (
                <button type="button" onClick={() => void loadLatest()} className="ml-3 font-medium underline">
                  Load the latest version (discards your edits)
                </button>
              )}
            </FormAlert>
          )}
          {issues.length > 0 && (
            <ul className="list-inside list-disc text-xs text-red-700" aria-label="Problems">
              {issues.map((i) => (
                <li key={`${i.field}:${i.message}`}>
                  <span className="font-mono">{i.field.replace(/^spec\./, "")}</span>: {i.message}
                </li>
              ))}
            </ul>
          )}
          <div className="flex items-center gap-3">
            <button type="submit" disabled={save.isPending || !dirty} className={primaryButton}>
              {save.isPending ? "Saving…" : `Save as version ${definition.current.version + 1}`}
            </button>
            <button type="button" disabled={!dirty || save.isPending} className={secondaryButton} onClick={() => void loadLatest()}>
              Discard changes
            </button>
            <span className="text-xs text-slate-500">{stale ? `Version ${definition.current.version} was saved meanwhile.` : dirty ? "Unsaved changes" : "No changes"}</span>
          </div>
        </div>
      </form>
      <aside>
        <Panel title="Version history" subtitle={`${formatCountOf(definition.versionCount, "version")}; a version applies to instances triggered after it was saved`}>
          <VersionHistory versions={definition.versions} />
        </Panel>
      </aside>
    </div>
  );
}
