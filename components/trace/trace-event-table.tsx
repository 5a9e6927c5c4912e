"use client";

import { Fragment, useState } from "react";
import type { VisibleStep } from "@/lib/trace/trace-for-actor";
import { formatCountOf, formatDuration, formatUtc } from "@/lib/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { SystemTag } from "@/components/ui/system-tag";
import { ReplayDialog } from "@/components/replay/replay-dialog";
import { TELEMETRY_TYPES } from "@/lib/workflows/catalog";
import { TableScroll } from "@/components/ui/table-scroll";

function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

/** Every event of the trace in time order; a row opens to its identifiers and payload. */
export function TraceEventTable({
  rows,
  canReadPayload,
  highlightMessage = "",
  correlationId = "",
  canReplay = false,
  canEditPayload = false,
}: {
  rows: VisibleStep[];
  canReadPayload: boolean;
  highlightMessage?: string;
  correlationId?: string;
  canReplay?: boolean;
  canEditPayload?: boolean;
}) {
  const [replaying, setReplaying] = useState<string | null>(null);
  // The Replay action sits on each message's last failed or dead-lettered step, unless a later
  // delivery (a retry or a replay) already got the message through.
  const replayAt = new Map<string, string>();
  for (const r of rows) {
    if (r.messageId === "") continue;
    if (r.failed) replayAt.set(r.messageId, r.id);
    else if (r.type === TELEMETRY_TYPES.delivered) replayAt.delete(r.messageId);
  }
  // A message id from search opens its events.
  const [open, setOpen] = useState<Set<string>>(() => new Set(highlightMessage ? rows.filter((r) => r.messageId === highlightMessage).map((r) => r.id) : []));
  const [system, setSystem] = useState("");
  const [onlyProblems, setOnlyProblems] = useState(false);
  const systems = [...new Set(rows.map((r) => r.system))];
  const shown = rows.filter((r) => (system === "" || r.system === system) && (!onlyProblems || r.failed || r.status === "retrying"));
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <select aria-label="Filter events by system" value={system} onChange={(e) => setSystem(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1">
          <option value="">All systems</option>
          {systems.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />
          Only failures and retries
        </label>
        <span className="text-xs text-slate-500">
          {shown.length} of {formatCountOf(rows.length, "event")}
        </span>
        <button type="button" className="ml-auto text-xs text-indigo-700 hover:underline" onClick={() => setOpen(open.size > 0 ? new Set() : new Set(shown.map((r) => r.id)))}>
          {open.size > 0 ? "Collapse all" : "Expand all"}
        </button>
      </div>
      <TableScroll label="Events of this trace">
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="w-8" />
              <th className="px-3 py-2 font-medium">Time (UTC)</th>
              <th className="px-3 py-2 text-right font-medium">Offset</th>
              <th className="px-3 py-2 text-right font-medium">Gap</th>
              <th className="px-3 py-2 font-medium">System</th>
              <th className="px-3 py-2 font-medium">Event</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 text-right font-medium">Took</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {shown.map((r) => {
              const expanded = open.has(r.id);
              return (
                <Fragment key={r.id}>
                  <tr id={`ev-${r.id}`} data-testid="trace-event" data-highlight={highlightMessage !== "" && r.messageId === highlightMessage ? "true" : undefined}
                    className={`cursor-pointer align-top target:bg-indigo-50 hover:bg-slate-50 ${r.failed ? "bg-red-50/60" : ""} ${highlightMessage !== "" && r.messageId === highlightMessage ? "outline outline-2 -outline-offset-2 outline-indigo-400" : ""}`} onClick={() => toggle(r.id)}>
                    <td className="px-2 py-2 text-slate-400">
                      <button type="button" aria-expanded={expanded} aria-label={expanded ? "Hide details" : "Show details"} onClick={(e) => {
                        e.stopPropagation();
                        toggle(r.id);
                      }}>
                        {expanded ? "▾" : "▸"}
                      </button>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{formatUtc(r.time, true).slice(11, 23)}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums text-slate-600">+{formatDuration(r.offsetMs)}</td>
                    <td className={`whitespace-nowrap px-3 py-2 text-right tabular-nums ${r.gapMs >= 60_000 ? "font-medium text-amber-700" : "text-slate-500"}`}>{r.gapMs > 0 ? formatDuration(r.gapMs) : "–"}</td>
                    <td className="px-3 py-2">
                      <SystemTag system={r.system} />
                    </td>
                    <td className="px-3 py-2">
                      <div className="font-medium">{r.type}</div>
                      {r.error && <div className="text-xs text-red-700">{r.error}</div>}
                      {canReplay && correlationId !== "" && replayAt.get(r.messageId) === r.id && (
                        <button type="button" className="mt-1 rounded border border-indigo-300 bg-white px-2 py-0.5 text-xs font-medium text-indigo-700 hover:bg-indigo-50" onClick={(e) => {
                          e.stopPropagation();
                          setReplaying(r.messageId);
                        }}>
                          Replay
                        </button>
                      )}
                    </td>
                    <td className="px-3 py-2">
                      <StatusBadge status={r.status} />
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{r.durationMs > 0 ? formatDuration(r.durationMs) : "–"}</td>
                  </tr>
                  {expanded && (
                    <tr className="bg-slate-50">
                      <td />
                      <td colSpan={7} className="px-3 pb-4 pt-1">
                        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-xs md:grid-cols-4">
                          {(
                            [
                              ["Event id", r.id],
                              ["Plant", r.plant],
                              ["Kind", r.kind],
                              ["Source", r.source],
                              ["Lot", r.lotId],
                              ["Order", r.orderId],
                              ["Message id", r.messageId],
                              ["Trace / span", r.traceId ? `${r.traceId} / ${r.spanId}` : ""],
                            ] as const
                          ).map(([label, value]) => (
                            <div key={label} className="min-w-0">
                              <dt className="text-slate-500">{label}</dt>
                              <dd className="truncate font-mono" title={value}>
                                {value || "–"}
                              </dd>
                            </div>
                          ))}
                        </dl>
                        {canReadPayload ? (
                          <pre className="mt-3 max-h-96 overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-xs text-slate-100">{prettyJson(r.payload ?? "")}</pre>
                        ) : (
                          <p className="mt-3 text-xs text-slate-500">Your role cannot read payloads.</p>
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {replaying !== null && <ReplayDialog selection={{ kind: "messages", messages: [{ correlationId, messageId: replaying }] }} canEditPayload={canEditPayload} onClose={() => setReplaying(null)} />}
    </div>
  );
}
