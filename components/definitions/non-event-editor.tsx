"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Panel } from "@/components/ui/panel";
import type { FieldIssue } from "@/lib/workflows/definition-body";
import type { NonEventSpec } from "@/lib/workflows/definition-spec";
import type { DefinitionDetail } from "@/lib/workflows/definitions-store";
import { matchDraft, matchFromDraft, type MatchDraft } from "@/lib/workflows/workflow-draft";
import { ApiProblem, issuesAt, sendJson } from "@/components/ui/api-client";
import { EventMatchFields } from "./event-match-fields";
import { Field, FormAlert, inputClass, primaryButton } from "./form-controls";
import { VersionHistory } from "./version-history";

type Detail = DefinitionDetail<NonEventSpec>;

interface Draft {
  name: string;
  enabled: boolean;
  plants: string;
  first: MatchDraft;
  response: MatchDraft;
  minutes: string;
  min: string;
  max: string;
}

const asNumber = (text: string) => (text.trim() === "" ? undefined : Number.isFinite(Number(text)) ? Number(text) : text);
const minutesToMs = (text: string) => {
  const n = asNumber(text);
  return typeof n === "number" ? Math.round(n * 60_000) : n;
};

function toDraft(spec: NonEventSpec, enabled: boolean): Draft {
  const common = { name: spec.name, enabled, plants: spec.plants.join(", ") };
  return spec.kind === "missing_response"
    ? { ...common, first: matchDraft(spec.request), response: matchDraft(spec.response), minutes: String(spec.withinMs / 60_000), min: "", max: "" }
    : { ...common, first: matchDraft(spec.match), response: { types: "", typePattern: "", sourcePattern: "" }, minutes: String(spec.windowMs / 60_000), min: spec.min?.toString() ?? "", max: spec.max?.toString() ?? "" };
}

function toSpec(kind: NonEventSpec["kind"], key: string, d: Draft): Record<string, unknown> {
  const plants = d.plants
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (kind === "missing_response") return { kind, key, name: d.name, request: matchFromDraft(d.first), response: matchFromDraft(d.response), withinMs: minutesToMs(d.minutes), plants };
  return { kind, key, name: d.name, match: matchFromDraft(d.first), windowMs: minutesToMs(d.minutes), ...(d.min.trim() ? { min: asNumber(d.min) } : {}), ...(d.max.trim() ? { max: asNumber(d.max) } : {}), plants };
}

/** A non-event (a response that never came, or too few / too many messages) edited as the next version. */
export function NonEventEditor({ initial }: { initial: Detail }) {
  const url = `/api/v1/non-events/${encodeURIComponent(initial.key)}`;
  const queryClient = useQueryClient();
  const [definition, setDefinition] = useState(initial);
  const kind = definition.current.spec.kind;
  const [draft, setDraft] = useState(() => toDraft(initial.current.spec, initial.current.enabled));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [notice, setNotice] = useState<{ tone: "error" | "warning" | "success"; text: string } | null>(null);
  const save = useMutation({
    mutationFn: () => sendJson<{ definition: Detail; changed: boolean }>(url, "PUT", { baseVersion: definition.current.version, enabled: draft.enabled, spec: toSpec(kind, definition.key, draft) }),
    onSuccess: async ({ definition: saved, changed }) => {
      setDefinition(saved);
      setDraft(toDraft(saved.current.spec, saved.current.enabled));
      setIssues([]);
      setNotice({ tone: "success", text: changed ? `Saved as version ${saved.current.version}.` : "Nothing changed; no new version." });
      await queryClient.invalidateQueries({ queryKey: ["definitions", "non_event"] });
    },
    onError: (error) => {
      setIssues(error instanceof ApiProblem ? error.issues : []);
      setNotice({ tone: error instanceof ApiProblem && error.status === 409 ? "warning" : "error", text: error.message });
    },
  });
  const err = (field: string) => issuesAt(issues, field);
  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <form
        aria-label="Edit non-event"
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Panel title={kind === "missing_response" ? "Expected response missing" : "Message volume out of range"} subtitle={`Key ${definition.key} · version ${definition.current.version}`}>
          <div className="space-y-4">
            <div className="grid gap-4 md:grid-cols-3">
              <Field label="Name" errors={err("spec.name")}>
                <input value={draft.name} onChange={(e) => update({ name: e.target.value })} className={inputClass} />
              </Field>
              <Field label="Plants" hint="Comma-separated; empty = every plant" errors={err("spec.plants")}>
                <input value={draft.plants} onChange={(e) => update({ plants: e.target.value })} className={inputClass} />
              </Field>
              <label className="flex items-center gap-2 self-end pb-2 text-sm">
                <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: e.target.checked })} /> Enabled
              </label>
            </div>
            {kind === "missing_response" ? (
              <>
                <EventMatchFields label="Request" field="spec.request" value={draft.first} issues={issues} onChange={(first) => update({ first })} />
                <EventMatchFields label="Response" field="spec.response" value={draft.response} issues={issues} onChange={(response) => update({ response })} />
                <Field label="Response expected within (min)" errors={err("spec.withinMs")} className="max-w-xs">
                  <input value={draft.minutes} inputMode="decimal" onChange={(e) => update({ minutes: e.target.value })} className={inputClass} />
                </Field>
              </>
            ) : (
              <>
                <EventMatchFields label="Messages" field="spec.match" value={draft.first} issues={issues} onChange={(first) => update({ first })} />
                <div className="grid gap-4 md:grid-cols-3">
                  <Field label="Window (min)" errors={err("spec.windowMs")}>
                    <input value={draft.minutes} inputMode="numeric" onChange={(e) => update({ minutes: e.target.value })} className={inputClass} />
                  </Field>
                  <Field label="At least" hint="Per plant and window; empty = no minimum" errors={err("spec.min")}>
                    <input value={draft.min} inputMode="numeric" onChange={(e) => update({ min: e.target.value })} className={inputClass} />
                  </Field>
                  <Field label="At most" hint="Empty = no maximum" errors={err("spec.max")}>
                    <input value={draft.max} inputMode="numeric" onChange={(e) => update({ max: e.target.value })} className={inputClass} />
                  </Field>
                </div>
              </>
            )}
            {issuesAt(issues, "spec", true).map((m) => (
              <FormAlert key={m} tone="error">
                {m}
              </FormAlert>
            ))}
            {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
            <button type="submit" disabled={save.isPending} className={primaryButton}>
              {save.isPending ? "Saving…" : `Save as version ${definition.current.version + 1}`}
            </button>
          </div>
        </Panel>
      </form>
      <aside>
        <Panel title="Version history">
          <VersionHistory versions={definition.versions} />
        </Panel>
      </aside>
    </div>
  );
}
