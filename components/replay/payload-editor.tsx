"use client";

import { useQuery } from "@tanstack/react-query";
import { sendJson } from "@/components/ui/api-client";
import { FormAlert, inputClass, secondaryButton } from "@/components/definitions/form-controls";
import type { OriginalPayload } from "@/lib/replay/original-payload";
import { describeChange, parseJson, payloadChanges, type PayloadChange } from "@/lib/replay/payload-diff";
import { formatCountOf, formatUtc } from "@/lib/ui/format";

/** What the editor hands the dialog: the body to send (undefined while unchanged) and whether sending is blocked. */
export interface PayloadEdit {
  payload: unknown;
  changes: PayloadChange[];
  invalid: boolean;
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2) ?? "null";

type MessageRef = { correlationId: string; messageId: string };

/** The stored payload of one message, loaded once the editor opens (null: no single message, nothing to load). */
export function useOriginalPayload(message: MessageRef | null) {
  return useQuery({
    queryKey: ["replay", "original", message?.correlationId, message?.messageId],
    queryFn: () => sendJson<OriginalPayload>(`/api/v1/replays/original?${new URLSearchParams({ correlationId: message!.correlationId, messageId: message!.messageId }).toString()}`, "GET"),
    enabled: message !== null,
    staleTime: Infinity,
  });
}

/** The edit of a loaded payload: parsed, checked, and compared with the original. */
export function payloadEdit(original: OriginalPayload | undefined, text: string | null): PayloadEdit {
  if (!original || text === null) return { payload: undefined, changes: [], invalid: false };
  const parsed = parseJson(text);
  if (!parsed.ok) return { payload: undefined, changes: [], invalid: true };
  const changes = payloadChanges(original.payload, parsed.value);
  return { payload: changes.length > 0 ? parsed.value : undefined, changes, invalid: false };
}

const CHANGE_STYLE: Record<PayloadChange["kind"], string> = { added: "text-emerald-800", removed: "text-red-700", changed: "text-amber-900" };

/**
 * The payload editor of a single-message replay (replay:edit): the stored business payload as
 * JSON, checked as it is typed, with a summary of what the edit changes. Invalid JSON blocks the
 * send; an unchanged payload is sent as the original.
 */
export function PayloadEditor({ message, text, onText, onDiscard }: { message: MessageRef; text: string | null; onText: (text: string | null) => void; onDiscard: () => void }) {
  const original = useOriginalPayload(message);
  const source = original.data ? (text ?? pretty(original.data.payload)) : "";
  const parsed = original.data ? parseJson(source) : null;
  const edit = payloadEdit(original.data, source);

  return (
    <section aria-labelledby="payload-title" className="space-y-2 rounded-lg border border-indigo-200 bg-indigo-50/40 p-3" data-testid="payload-editor">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id="payload-title" className="font-medium text-slate-800">
            Edit payload
          </h3>
          {original.data && (
            <p className="text-xs text-slate-500">
              <span className="font-mono">{original.data.original.type}</span> from {original.data.original.system} at {formatUtc(original.data.original.time)} ·{" "}
              <span className="break-all font-mono">{original.data.original.id}</span>
            </p>
          )}
        </div>
        <div className="flex gap-2">
          <button type="button" className={secondaryButton} disabled={!original.data || text === null} onClick={() => onText(null)}>
            Reset
          </button>
          <button type="button" className={secondaryButton} onClick={onDiscard}>
            Discard edit
          </button>
        </div>
      </div>
      {original.isPending && <p className="text-slate-500">Loading the original payload…</p>}
      {original.isError && <FormAlert tone="error">Cannot edit: {original.error.message}</FormAlert>}
      {original.data && (
        <>
          <textarea
            aria-label="Payload (JSON)"
            aria-invalid={parsed?.ok === false}
            aria-describedby="payload-status"
            spellCheck={false}
            rows={Math.min(18, Math.max(6, source.split("\n").length + 1))}
            value={source}
            onChange={(e) => onText(e.target.value)}
            onKeyDown={(e) => {
              // Escape leaves the editor instead of closing the dialog and losing the edit.
              if (e.key === "Escape") {
                e.stopPropagation();
                e.currentTarget.blur();
              }
            }}
            className={`${inputClass} font-mono text-xs leading-5`}
          />
          <div id="payload-status" aria-live="polite">
            {parsed?.ok === false ? (
              <p role="alert" className="text-sm text-red-700" data-testid="payload-invalid">
                Not valid JSON: {parsed.error}. Fix it to send, or reset to the original.
              </p>
            ) : edit.changes.length === 0 ? (
              <p className="text-sm text-slate-600" data-testid="payload-diff">
                No change yet: the original payload is sent.
              </p>
            ) : (
              <div data-testid="payload-diff">
                <p className="text-sm font-medium text-slate-700">
                  {formatCountOf(edit.changes.length, "change")} against the original (both kept in the audit trail):
                </p>
                <ul className="mt-1 max-h-40 overflow-y-auto rounded bg-white px-2 py-1 font-mono text-xs">
                  {edit.changes.map((c) => (
                    <li key={`${c.kind}:${c.path}`} className={`break-all ${CHANGE_STYLE[c.kind]}`}>
                      {describeChange(c)}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        </>
      )}
    </section>
  );
}
