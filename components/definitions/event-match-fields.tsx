"use client";

import type { FieldIssue } from "@/lib/workflows/definition-body";
import type { MatchDraft } from "@/lib/workflows/workflow-draft";
import { issuesAt } from "@/components/ui/api-client";
import { Field, inputClass } from "./form-controls";

/** Which events: exact types, a `*` type pattern and an optional source-system pattern. */
export function EventMatchFields({ value, onChange, issues, field, label }: { value: MatchDraft; onChange: (m: MatchDraft) => void; issues: FieldIssue[]; field: string; label: string }) {
  const own = issuesAt(issues, field, true);
  return (
    <fieldset className="grid gap-3 md:grid-cols-3">
      <legend className="sr-only">{label}</legend>
      <Field label={`${label}: event types`} hint="Exact CloudEvents types, comma-separated" errors={[...own, ...issuesAt(issues, `${field}.types`)]}>
        <input
          value={value.types}
          onChange={(e) => onChange({ ...value, types: e.target.value })}
          placeholder="mfg.order.released"
          aria-invalid={own.length + issuesAt(issues, `${field}.types`).length > 0}
          className={`${inputClass} font-mono`}
        />
      </Field>
      <Field label={`${label}: type pattern`} hint="* matches any run of characters" errors={issuesAt(issues, `${field}.typePattern`)}>
        <input
          value={value.typePattern}
          onChange={(e) => onChange({ ...value, typePattern: e.target.value })}
          placeholder="mfg.inspection.*"
          aria-invalid={issuesAt(issues, `${field}.typePattern`).length > 0}
          className={`${inputClass} font-mono`}
        />
      </Field>
      <Field label={`${label}: source pattern`} hint="Source system, e.g. SAP-*; empty = any" errors={issuesAt(issues, `${field}.sourcePattern`)}>
        <input
          value={value.sourcePattern}
          onChange={(e) => onChange({ ...value, sourcePattern: e.target.value })}
          placeholder="any"
          aria-invalid={issuesAt(issues, `${field}.sourcePattern`).length > 0}
          className={`${inputClass} font-mono`}
        />
      </Field>
    </fieldset>
  );
}
