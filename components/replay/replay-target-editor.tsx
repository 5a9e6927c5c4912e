"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiProblem, issuesAt, sendJson } from "@/components/ui/api-client";
import { Field, FieldErrors, FormAlert, inputClass, primaryButton, secondaryButton } from "@/components/definitions/form-controls";
import type { ReplayTargetView } from "@/lib/replay/replay-targets";
import { TEMPLATE_VARIABLES } from "@/lib/replay/templates";
import type { FieldIssue } from "@/lib/workflows/definition-body";
import { formatCountOf } from "@/lib/ui/format";

export const targetsKey = ["replay-targets"] as const;

type SecretSource = "none" | "env" | "stored";

interface TargetDraft {
  interface: string;
  kind: "http" | "kafka";
  url: string;
  method: "POST" | "PUT" | "PATCH";
  authHeader: string;
  secretSource: SecretSource;
  authSecretEnv: string;
  /** With a stored secret: keep it, or replace it with `secretValue`. Choosing another source clears it. */
  replaceSecret: boolean;
  secretValue: string;
  headers: { name: string; value: string }[];
  topic: string;
  keyTemplate: string;
  rate: string;
  enabled: boolean;
}

function draftOf(target: ReplayTargetView | null, interfaceName: string): TargetDraft {
  return {
    interface: target?.interface ?? interfaceName,
    kind: target?.kind ?? "http",
    url: target?.url ?? "",
    method: (target?.method as TargetDraft["method"] | undefined) ?? "POST",
    authHeader: target?.authHeader ?? "",
    secretSource: target?.authSecretEnv ? "env" : target?.hasStoredSecret ? "stored" : "none",
    authSecretEnv: target?.authSecretEnv ?? "",
    replaceSecret: !target?.hasStoredSecret,
    secretValue: "",
    // Sorted: the database keeps header objects as jsonb, which does not keep the order they were typed in.
    headers: Object.entries(target?.headers ?? { "X-Correlation-Id": "{{correlationId}}" })
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value })),
    topic: target?.topic ?? "",
    keyTemplate: target?.keyTemplate ?? "",
    rate: String(target?.ratePerSecond ?? 50),
    enabled: target?.enabled ?? true,
  };
}

/** The request body of a draft; a kept stored secret is left out so the server keeps it, another source sends null to clear it. */
function bodyOf(d: TargetDraft, hasStoredSecret: boolean) {
  const common = {
    interface: d.interface.trim(),
    kind: d.kind,
    ratePerSecond: d.rate.trim() === "" ? null : Number(d.rate),
    enabled: d.enabled,
    headers: Object.fromEntries(d.headers.filter((h) => h.name.trim() !== "").map((h) => [h.name.trim(), h.value])),
  };
  if (d.kind === "kafka") return { ...common, topic: d.topic.trim() || null, keyTemplate: d.keyTemplate.trim() || null };
  const keepStored = d.secretSource === "stored" && hasStoredSecret && !d.replaceSecret;
  return {
    ...common,
    url: d.url.trim(),
    method: d.method,
    authHeader: d.authHeader.trim() || null,
    authSecretEnv: d.secretSource === "env" ? d.authSecretEnv.trim() : null,
    ...(keepStored ? {} : { authSecret: d.secretSource === "stored" ? d.secretValue : null }),
  };
}

/** A target's current settings as a PUT body (the stored secret kept): what the table's enable/disable sends. */
export function settingsOf(t: ReplayTargetView) {
  const common = { interface: t.interface, kind: t.kind, ratePerSecond: t.ratePerSecond, enabled: t.enabled, headers: t.headers, baseUpdatedAt: t.updatedAt };
  return t.kind === "kafka" ? { ...common, topic: t.topic, keyTemplate: t.keyTemplate } : { ...common, url: t.url, method: t.method, authHeader: t.authHeader, authSecretEnv: t.authSecretEnv };
}

const SOURCES: { value: SecretSource; label: string }[] = [
  { value: "none", label: "No auth header" },
  { value: "env", label: "From an environment variable" },
  { value: "stored", label: "Stored secret (write-only)" },
];

/** Create (target null) or edit one replay target; `onDone` closes the editor after a save or delete, with what to tell the user. */
export function ReplayTargetEditor({ target, interfaceName = "", interfaces, onDone }: { target: ReplayTargetView | null; interfaceName?: string; interfaces: string[]; onDone: (notice: string) => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(target, interfaceName));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [notice, setNotice] = useState<{ tone: "error" | "warning"; text: string } | null>(null);
  const update = (patch: Partial<TargetDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const err = (field: string) => issuesAt(issues, field);
  const hasStored = target?.hasStoredSecret ?? false;
  const names = draft.headers.map((h) => h.name.trim().toLowerCase());
  const duplicate = (i: number) => names[i] !== "" && names.indexOf(names[i]!) !== i;
  const hasDuplicates = draft.headers.some((_, i) => duplicate(i));

  const onError = (error: Error) => {
    const fieldIssues = error instanceof ApiProblem ? error.issues : [];
    setIssues(fieldIssues);
    if (fieldIssues.length > 0) setNotice({ tone: "error", text: `Not saved: ${formatCountOf(fieldIssues.length, "problem")} to fix (marked below).` });
    else setNotice({ tone: error instanceof ApiProblem && error.status === 409 ? "warning" : "error", text: error.message });
  };
  const save = useMutation({
    mutationFn: () =>
      target
        ? sendJson<{ target: ReplayTargetView }>(`/api/v1/replay-targets/${target.id}`, "PUT", { ...bodyOf(draft, hasStored), baseUpdatedAt: target.updatedAt })
        : sendJson<{ target: ReplayTargetView }>("/api/v1/replay-targets", "POST", bodyOf(draft, false)),
    onSuccess: async ({ target: saved }) => {
      await queryClient.invalidateQueries({ queryKey: targetsKey });
      onDone(`${target ? "Saved" : "Created"} the replay target for ${saved.interface}: ${saved.enabled ? `${saved.ratePerSecond} msg/s` : "disabled"}.`);
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: () => sendJson<void>(`/api/v1/replay-targets/${target!.id}`, "DELETE"),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: targetsKey });
      onDone(`Deleted the replay target for ${target!.interface}. Its messages are skipped by replays until a new target is set.`);
    },
    onError,
  });
  const setHeader = (i: number, patch: Partial<TargetDraft["headers"][number]>) => update({ headers: draft.headers.map((h, j) => (j === i ? { ...h, ...patch } : h)) });

  return (
    <form
      aria-label={target ? `Edit replay target ${target.interface}` : "New replay target"}
      data-testid="target-editor"
      className="space-y-5 rounded-lg border border-indigo-100 bg-indigo-50/30 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!hasDuplicates) save.mutate();
      }}
    >
      <div className="grid gap-4 md:grid-cols-3">
        <Field label="Interface" hint="The interface name the middleware reports (payload.interface)" errors={err("interface")}>
          <input value={draft.interface} list="replay-interfaces" onChange={(e) => update({ interface: e.target.value })} aria-invalid={err("interface").length > 0} className={`${inputClass} font-mono`} placeholder="erp-mes-order" />
          <datalist id="replay-interfaces">
            {interfaces.map((i) => (
              <option key={i} value={i} />
            ))}
          </datalist>
        </Field>
        <fieldset>
          <legend className="mb-1 block text-xs font-medium text-slate-700">Kind</legend>
          <div className="flex flex-wrap gap-4 pt-1.5 text-sm">
            <label className="flex items-center gap-1.5">
              <input type="radio" name="kind" checked={draft.kind === "http"} onChange={() => update({ kind: "http" })} />
              HTTP replay API
            </label>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="kind" checked={draft.kind === "kafka"} onChange={() => update({ kind: "kafka" })} />
              Kafka re-publish
            </label>
          </div>
        </fieldset>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Rate (msg/s)" hint="At most this many per second" errors={err("ratePerSecond")}>
            <input type="number" inputMode="decimal" step="any" value={draft.rate} onChange={(e) => update({ rate: e.target.value })} aria-invalid={err("ratePerSecond").length > 0} className={inputClass} />
          </Field>
          <label className="flex items-center gap-2 pt-5 text-sm">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: e.target.checked })} />
            Enabled
          </label>
        </div>
      </div>

      {draft.kind === "http" ? (
        <>
          <div className="grid gap-4 md:grid-cols-[1fr_8rem]">
            <Field label="Replay API URL" hint="Each message is one request with the replay envelope as JSON body" errors={err("url")}>
              <input value={draft.url} onChange={(e) => update({ url: e.target.value })} aria-invalid={err("url").length > 0} className={`${inputClass} font-mono`} placeholder="https://middleware.example/replay" />
            </Field>
            <Field label="Method" errors={err("method")}>
              <select value={draft.method} onChange={(e) => update({ method: e.target.value as TargetDraft["method"] })} className={inputClass}>
                <option>POST</option>
                <option>PUT</option>
                <option>PATCH</option>
              </select>
            </Field>
          </div>
          <fieldset className="space-y-3">
            <legend className="mb-1 block text-xs font-medium text-slate-700">Authentication</legend>
            <div className="flex flex-wrap gap-4 text-sm">
              {SOURCES.map((s) => (
                <label key={s.value} className="flex items-center gap-1.5">
                  <input type="radio" name="secret-source" checked={draft.secretSource === s.value} onChange={() => update({ secretSource: s.value, ...(s.value === "none" ? { authHeader: "" } : {}) })} />
                  {s.label}
                </label>
              ))}
            </div>
            {draft.secretSource !== "none" && (
              <div className="grid gap-4 md:grid-cols-2">
                <Field label="Auth header name" errors={err("authHeader")}>
                  <input value={draft.authHeader} onChange={(e) => update({ authHeader: e.target.value })} aria-invalid={err("authHeader").length > 0} className={`${inputClass} font-mono`} placeholder="Authorization" />
                </Field>
                {draft.secretSource === "env" ? (
                  <Field label="Environment variable" hint="Read by the server at each send; its value is never shown" errors={[...err("authSecretEnv"), ...err("authSecret")]}>
                    <input value={draft.authSecretEnv} onChange={(e) => update({ authSecretEnv: e.target.value.toUpperCase() })} aria-invalid={err("authSecretEnv").length > 0} className={`${inputClass} font-mono`} placeholder="LOTLINE_MIDDLEWARE_TOKEN" />
                    {target?.authSecretEnv === draft.authSecretEnv.trim() && target.authSecretEnvSet === false && (
                      <span className="mt-0.5 block text-xs text-amber-800">Not set in this server&apos;s environment: replays to this target pause until it is.</span>
                    )}
                  </Field>
                ) : (
                  <StoredSecret hasStored={hasStored} replace={draft.replaceSecret} value={draft.secretValue} errors={err("authSecret")} onChange={update} />
                )}
              </div>
            )}
            {draft.secretSource === "none" && hasStored && <p className="text-xs text-amber-800">Saving clears the stored secret.</p>}
            {draft.secretSource === "none" && (err("authHeader").length > 0 || err("authSecret").length > 0) && (
              <p role="alert" className="text-xs text-red-700">
                {[...err("authHeader"), ...err("authSecret")].join(" ")}
              </p>
            )}
          </fieldset>
        </>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Topic" hint="Empty: each message goes back to the topic it came from, key, headers and body kept, in CloudEvents binary mode" errors={err("topic")}>
            <input value={draft.topic} onChange={(e) => update({ topic: e.target.value })} aria-invalid={err("topic").length > 0} className={`${inputClass} font-mono`} placeholder="the original topic" />
          </Field>
          <Field label="Key template" hint="Empty: the original message's key (the lot, order or correlation id for messages that came over HTTP)" errors={err("keyTemplate")}>
            <input value={draft.keyTemplate} onChange={(e) => update({ keyTemplate: e.target.value })} aria-invalid={err("keyTemplate").length > 0} className={`${inputClass} font-mono`} placeholder="{{orderId}}" />
          </Field>
        </div>
      )}

      <div>
        <span className="mb-1 block text-xs font-medium text-slate-700">{draft.kind === "http" ? "Request headers" : "Extra Kafka headers"}</span>
        <ul className="space-y-2">
          {draft.headers.map((h, i) => {
            const rowErrors = [...(duplicate(i) ? [`${h.name.trim()} is named twice`] : []), ...issuesAt(issues, `headers.${h.name.trim()}`, true)];
            return (
              <li key={i} className="flex flex-wrap items-start gap-2" data-testid="header-row">
                <input value={h.name} aria-label={`Header ${i + 1} name`} aria-invalid={rowErrors.length > 0} onChange={(e) => setHeader(i, { name: e.target.value })} placeholder="X-Correlation-Id" className={`${inputClass} font-mono sm:w-56`} />
                <input value={h.value} aria-label={`Header ${i + 1} value`} onChange={(e) => setHeader(i, { value: e.target.value })} placeholder="{{correlationId}}" className={`${inputClass} min-w-0 flex-1 basis-40 font-mono`} />
                <button type="button" className={secondaryButton} onClick={() => update({ headers: draft.headers.filter((_, j) => j !== i) })}>
                  Remove
                </button>
                <FieldErrors messages={rowErrors} layout="row" />
              </li>
            );
          })}
        </ul>
        <FieldErrors messages={issuesAt(issues, "headers", true)} layout="block" />
        <button type="button" className={`${secondaryButton} mt-2`} onClick={() => update({ headers: [...draft.headers, { name: "", value: "" }] })}>
          Add header
        </button>
        <p className="mt-2 text-xs text-slate-500" data-testid="template-variables">
          Values and the key template may use{" "}
          {TEMPLATE_VARIABLES.map((v, i) => (
            <span key={v}>
              {i > 0 && " "}
              <code className="rounded bg-slate-100 px-1 font-mono text-slate-700">{`{{${v}}}`}</code>
            </span>
          ))}
          ; an unknown name renders empty. The Idempotency-Key header is always sent.
        </p>
      </div>

      {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={save.isPending || hasDuplicates} className={primaryButton}>
          {save.isPending ? "Saving…" : target ? "Save target" : "Create target"}
        </button>
        <button type="button" className={secondaryButton} onClick={() => onDone("")}>
          Cancel
        </button>
        {target && (
          <button
            type="button"
            disabled={remove.isPending}
            className="ml-auto rounded-lg border border-red-200 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-40"
            onClick={() => {
              if (window.confirm(`Delete the replay target for ${target.interface}? Replays of its messages are skipped (no target) until a new one is set.`)) remove.mutate();
            }}
          >
            {remove.isPending ? "Deleting…" : "Delete target"}
          </button>
        )}
      </div>
    </form>
  );
}

/** The write-only secret: the value is never sent back, so an existing one shows as "stored" with replace and clear. */
function StoredSecret({ hasStored, replace, value, errors, onChange }: { hasStored: boolean; replace: boolean; value: string; errors: string[]; onChange: (patch: Partial<TargetDraft>) => void }) {
  if (hasStored && !replace) {
    return (
      <div>
        <span className="mb-1 block text-xs font-medium text-slate-700">Secret</span>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="rounded-md bg-emerald-50 px-2 py-1 text-emerald-800 ring-1 ring-inset ring-emerald-600/20" data-testid="secret-stored">
            stored
          </span>
          <button type="button" className={secondaryButton} onClick={() => onChange({ replaceSecret: true, secretValue: "" })}>
            Replace
          </button>
          <button type="button" className={secondaryButton} onClick={() => onChange({ secretSource: "none", authHeader: "" })}>
            Clear
          </button>
        </div>
        {errors.map((e) => (
          <span key={e} role="alert" className="mt-0.5 block text-xs text-red-700">
            {e}
          </span>
        ))}
      </div>
    );
  }
  return (
    <Field label={hasStored ? "New secret" : "Secret"} hint="Write-only: stored on save, never shown again" errors={errors}>
      <div className="flex gap-2">
        <input type="password" autoComplete="new-password" value={value} onChange={(e) => onChange({ secretValue: e.target.value })} aria-invalid={errors.length > 0} className={`${inputClass} font-mono`} />
        {hasStored && (
          <button type="button" className={secondaryButton} onClick={() => onChange({ replaceSecret: false, secretValue: "" })}>
            Keep stored
          </button>
        )}
      </div>
    </Field>
  );
}
