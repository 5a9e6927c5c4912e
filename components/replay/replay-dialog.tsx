"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { sendJson } from "@/components/ui/api-client";
import { FormAlert, inputClass, primaryButton, secondaryButton } from "@/components/definitions/form-controls";
import { SKIP_REASONS, type SkipReason } from "@/lib/replay/plan";
import type { DryRun, TaskView } from "@/lib/replay/replay-tasks";
import type { ReplaySelection } from "@/lib/replay/selection";
import { payloadEdit, PayloadEditor, useOriginalPayload } from "./payload-editor";
import { formatCountOf } from "@/lib/ui/format";

/**
 * Replays a selection: runs the dry run, shows what would be sent and what is skipped and why,
 * asks for a reason, submits, and links to the task (saying when it waits for a second user).
 * With `canEditPayload` (replay:edit) a single message's payload can be edited before it is sent.
 */
export function ReplayDialog({ selection, onClose, canEditPayload = false }: { selection: ReplaySelection; onClose: () => void; canEditPayload?: boolean }) {
  const [reason, setReason] = useState("");
  const [editing, setEditing] = useState(false);
  // null: the original payload, untouched.
  const [editText, setEditText] = useState<string | null>(null);
  const single = selection.kind === "messages" && selection.messages.length === 1 ? selection.messages[0]! : null;
  const dry = useQuery({
    queryKey: ["replay", "dry-run", JSON.stringify(selection)],
    queryFn: async () => (await sendJson<{ dryRun: DryRun }>("/api/v1/replays/dry-run", "POST", { selection })).dryRun,
    staleTime: 0,
  });
  const original = useOriginalPayload(editing ? single : null);
  const edit = payloadEdit(editing ? original.data : undefined, editText);
  const submit = useMutation({
    mutationFn: async () => (await sendJson<{ task: TaskView }>("/api/v1/replays", "POST", { selection, reason, ...(edit.payload !== undefined ? { payload: edit.payload } : {}) })).task,
  });
  const run = dry.data;
  const task = submit.data;
  const canEdit = canEditPayload && single !== null && run?.toSend === 1;

  return (
    <div role="dialog" aria-modal="true" aria-labelledby="replay-title" className="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/40 p-0 sm:items-center sm:p-6" onKeyDown={(e) => e.key === "Escape" && onClose()}>
      <div className="max-h-[90vh] w-full max-w-2xl overflow-y-auto rounded-t-2xl bg-white p-5 shadow-xl sm:rounded-2xl">
        <div className="flex items-start justify-between gap-3">
          <h2 id="replay-title" className="text-lg font-semibold text-slate-900">
            Replay {run ? run.selection : "…"}
          </h2>
          <button type="button" className={secondaryButton} onClick={onClose}>
            Close
          </button>
        </div>

        {dry.isPending && <p className="mt-4 text-sm text-slate-500">Working out what would be sent…</p>}
        {dry.isError && <FormAlert tone="error">{dry.error.message}</FormAlert>}

        {run && !task && (
          <div className="mt-4 space-y-4 text-sm">
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              <Stat label="Will be sent" value={run.toSend} />
              <Stat label="Skipped" value={run.skipped} />
              <Stat label="Lots touched" value={run.lots.length} />
              <Stat label="Orders touched" value={run.orders.length} />
            </dl>
            {run.targets.length > 0 && (
              <div>
                <h3 className="font-medium text-slate-700">Targets</h3>
                <ul className="mt-1 space-y-1">
                  {run.targets.map((t) => (
                    <li key={t.interface} className="flex justify-between gap-2 rounded bg-slate-50 px-2 py-1">
                      <span className="font-mono text-xs">{t.interface}</span>
                      <span className="truncate text-slate-500">{t.destination}</span>
                      <span className="tabular-nums">{t.count}</span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {run.skipped > 0 && (
              <div>
                <h3 className="font-medium text-slate-700">Skipped</h3>
                <ul className="mt-1 space-y-1">
                  {Object.entries(run.skippedByReason).map(([r, n]) => (
                    <li key={r} className="text-slate-600">
                      <span className="tabular-nums font-medium">{n}</span> — {SKIP_REASONS[r as SkipReason]}
                    </li>
                  ))}
                </ul>
                <details className="mt-1">
                  <summary className="cursor-pointer text-slate-500">Which messages</summary>
                  <ul className="mt-1 max-h-40 overflow-y-auto font-mono text-xs">
                    {run.skippedMessages.map((s) => (
                      <li key={`${s.correlationId}/${s.messageId}`}>
                        <Link className="text-indigo-700 hover:underline" href={`/trace/${encodeURIComponent(s.correlationId)}`}>
                          {s.messageId}
                        </Link>{" "}
                        {s.detail}
                      </li>
                    ))}
                  </ul>
                </details>
              </div>
            )}
            {canEdit && !editing && (
              <div className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-slate-200 px-3 py-2">
                <p className="text-slate-600">Sent as the original business payload. You may change it first; the audit trail keeps the original and your edit.</p>
                <button type="button" className={secondaryButton} onClick={() => setEditing(true)}>
                  Edit payload…
                </button>
              </div>
            )}
            {canEdit && editing && (
              <PayloadEditor
                message={single}
                text={editText}
                onText={setEditText}
                onDiscard={() => {
                  setEditing(false);
                  setEditText(null);
                }}
              />
            )}
            {run.needsApproval && <FormAlert tone="warning">More than {formatCountOf(run.approvalThreshold, "message")}: a second person with replay rights must approve before anything is sent.</FormAlert>}
            {run.toSend > 0 ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  submit.mutate();
                }}
                className="space-y-2"
              >
                <label className="block font-medium text-slate-700" htmlFor="replay-reason">
                  Reason (kept in the audit trail)
                </label>
                <textarea id="replay-reason" required minLength={3} className={inputClass} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. MES outage over; re-send the order releases" />
                {submit.isError && <FormAlert tone="error">{submit.error.message}</FormAlert>}
                <button type="submit" className={primaryButton} disabled={submit.isPending || reason.trim().length < 3 || edit.invalid}>
                  {submit.isPending ? "Submitting…" : `Replay ${formatCountOf(run.toSend, "message")}${edit.payload !== undefined ? " with the edited payload" : ""}`}
                </button>
                {edit.invalid && <p className="text-xs text-red-700">The payload is not valid JSON: nothing can be sent until it is fixed.</p>}
              </form>
            ) : (
              <p className="text-slate-600">Nothing to replay.</p>
            )}
          </div>
        )}

        {task && (
          <div className="mt-4 space-y-2 text-sm">
            <FormAlert tone={task.status === "awaiting_approval" ? "warning" : "success"}>
              {task.status === "awaiting_approval"
                ? `Awaiting approval: ${formatCountOf(task.remaining, "message")} ${task.remaining === 1 ? "waits" : "wait"} for a second person.`
                : `Replay started: ${formatCountOf(task.remaining, "message")}${edit.payload !== undefined ? " with the edited payload" : ""}.`}
            </FormAlert>
            <Link className="text-indigo-700 hover:underline" href={`/replays/${task.id}`}>
              Open the replay task
            </Link>
          </div>
        )}
      </div>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-lg border border-slate-200 p-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums text-slate-900">{value.toLocaleString()}</dd>
    </div>
  );
}
