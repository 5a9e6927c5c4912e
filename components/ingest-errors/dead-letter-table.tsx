"use client";

import { Fragment, useState } from "react";
import type { DeadLetter } from "@/lib/queries/get-dead-letters";
import { formatUtc } from "@/lib/ui/format";
import { TableScroll } from "@/components/ui/table-scroll";

function origin(d: DeadLetter): string {
  return d.channel === "kafka" ? `${d.topic} / ${d.partition} @ ${d.offset}` : `request ${d.requestId}`;
}

/** Dead letters newest first; a row opens to the raw bytes as they arrived. */
export function DeadLetterTable({ items }: { items: DeadLetter[] }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <TableScroll label="Dead letters">
    <table className="w-full text-sm">
      <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="px-3 py-2 font-medium">Received (UTC)</th>
          <th className="px-3 py-2 font-medium">Channel</th>
          <th className="px-3 py-2 font-medium">Origin</th>
          <th className="px-3 py-2 font-medium">Event id</th>
          <th className="px-3 py-2 font-medium">Reason</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((d, i) => (
          <Fragment key={`${d.receivedAt}-${d.requestId}-${i}`}>
            <tr data-testid="dead-letter" className="cursor-pointer align-top hover:bg-slate-50" onClick={() => setOpen(open === i ? null : i)}>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                {/* The row toggles on a click anywhere; the button is the keyboard's way in (its click bubbles to the row). */}
                <button type="button" aria-expanded={open === i} className="text-left hover:underline">
                  {formatUtc(d.receivedAt, true).slice(0, 23)}
                  <span className="sr-only">, {open === i ? "hide" : "show"} the raw input</span>
                </button>
              </td>
              <td className="px-3 py-2">{d.channel}</td>
              <td className="px-3 py-2 font-mono text-xs">{origin(d)}</td>
              <td className="px-3 py-2 font-mono text-xs">{d.eventId || "–"}</td>
              <td className="px-3 py-2 text-red-700">{d.reason}</td>
            </tr>
            {open === i && (
              <tr className="bg-slate-50">
                <td colSpan={5} className="px-3 pb-4 pt-1">
                  <p className="mb-1 text-xs text-slate-500">
                    Raw input as received, {d.rawBytes} bytes{d.rawBytes > d.rawPreview.length ? ` (first ${d.rawPreview.length} shown)` : ""}
                  </p>
                  <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded-lg bg-slate-900 p-3 font-mono text-xs text-slate-100">{d.rawPreview || "(empty)"}</pre>
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
    </TableScroll>
  );
}
