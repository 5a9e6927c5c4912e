import Link from "next/link";
import { StatusBadge } from "@/components/ui/status-badge";
import { SystemTag } from "@/components/ui/system-tag";
import { ADVERSE_EVENTS } from "@/lib/lots/lot-state";
import type { TraceEvent } from "@/lib/queries/get-trace";
import { formatUtc } from "@/lib/ui/format";
import { eventLabel } from "@/lib/workflows/workflow-state";

type EventRow = Pick<TraceEvent, "id" | "time" | "correlationId" | "system" | "type" | "status" | "lotId" | "orderId"> & { error?: string };

const keyLink = (base: string, id: string) =>
  id && (
    <Link href={`${base}${encodeURIComponent(id)}`} className="whitespace-nowrap font-mono text-xs text-indigo-700 hover:underline">
      {id}
    </Link>
  );

/** Events newest first, each linked to its trace and to the other business key (a lot's order, an order's lot). */
export function EventsTable({ events, keyColumn, testId }: { events: EventRow[]; keyColumn: "lot" | "order"; testId?: string }) {
  const showErrors = events.some((e) => e.error);
  return (
    <div className="max-h-[28rem] overflow-auto rounded-lg border border-slate-200">
      <table data-testid={testId} className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="sticky top-0 bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">Time (UTC)</th>
            <th className="px-3 py-2 font-medium">System</th>
            <th className="px-3 py-2 font-medium">Event</th>
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2 font-medium">{keyColumn === "lot" ? "Lot" : "Order"}</th>
            <th className="px-3 py-2 font-medium">Trace</th>
            {showErrors && <th className="px-3 py-2 font-medium">Error</th>}
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
                {/* A failed inspection delivered fine is still bad news: never a green "ok". */}
                <StatusBadge status={ADVERSE_EVENTS[e.type] ?? e.status} title={ADVERSE_EVENTS[e.type] ? `event status: ${e.status}` : undefined} />
              </td>
              <td className="px-3 py-1.5">{keyColumn === "lot" ? keyLink("/lots/", e.lotId) : keyLink("/orders/", e.orderId)}</td>
              <td className="px-3 py-1.5">{keyLink("/trace/", e.correlationId)}</td>
              {showErrors && (
                <td className="max-w-xs truncate px-3 py-1.5 text-xs text-red-700" title={e.error}>
                  {e.error}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
