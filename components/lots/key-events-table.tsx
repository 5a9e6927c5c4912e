import Link from "next/link";
import { StatusBadge } from "@/components/ui/status-badge";
import { SystemTag } from "@/components/ui/system-tag";
import type { KeyEvent } from "@/lib/queries/get-key-events";
import { formatUtc } from "@/lib/ui/format";
import { eventLabel } from "@/lib/workflows/workflow-state";

/** The events that name a lot, newest first, each linked to its trace and order. */
export function KeyEventsTable({ events }: { events: KeyEvent[] }) {
  return (
    <div className="max-h-[28rem] overflow-auto rounded-lg border border-slate-200">
      <table data-testid="lot-events" className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="sticky top-0 bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">Time (UTC)</th>
            <th className="px-3 py-2 font-medium">System</th>
            <th className="px-3 py-2 font-medium">Event</th>
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2 font-medium">Order</th>
            <th className="px-3 py-2 font-medium">Trace</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {[...events].reverse().map((e) => (
            <tr key={e.id}>
              <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs">{formatUtc(e.time, true).replace(" UTC", "")}</td>
              <td className="px-3 py-1.5">
                <SystemTag system={e.system} />
              </td>
              <td className="px-3 py-1.5" title={e.type}>
                {e.type.startsWith("mfg.") ? eventLabel(e.type) : e.type}
              </td>
              <td className="px-3 py-1.5">
                <StatusBadge status={e.status} />
              </td>
              <td className="px-3 py-1.5">
                {e.orderId && (
                  <Link href={`/orders/${encodeURIComponent(e.orderId)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                    {e.orderId}
                  </Link>
                )}
              </td>
              <td className="px-3 py-1.5">
                <Link href={`/trace/${encodeURIComponent(e.correlationId)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                  {e.correlationId}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
