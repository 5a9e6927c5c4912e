import Link from "next/link";
import type { RecentFailure } from "@/lib/queries/get-overview";
import { formatAgo, formatUtc } from "@/lib/ui/format";
import { EmptyState } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import { SystemTag } from "@/components/ui/system-tag";
import { TableScroll } from "@/components/ui/table-scroll";

/** The newest failed or dead-lettered messages of the overview's range, plant and system (the overview's filters narrow them on the server). */
export function FailuresTable({ failures, now, rangeLabel }: { failures: RecentFailure[]; now: number; rangeLabel: string }) {
  if (failures.length === 0) return <EmptyState title={`No failures, ${rangeLabel.toLowerCase()}`}>Failed and dead-lettered deliveries appear here as they happen.</EmptyState>;
  return (
    <TableScroll label="Recent failures">
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">When</th>
            <th className="px-3 py-2 font-medium">Correlation id</th>
            <th className="px-3 py-2 font-medium">System</th>
            <th className="px-3 py-2 font-medium">Plant</th>
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2 font-medium">Error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {failures.map((f) => (
            <tr key={f.event_id} className="align-top">
              <td className="whitespace-nowrap px-3 py-2 text-slate-600" title={formatUtc(f.time, true)}>
                {formatAgo(f.time, now)}
              </td>
              <td className="px-3 py-2">
                <Link data-testid="failure-correlation-link" href={`/trace/${encodeURIComponent(f.correlation_id)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                  {f.correlation_id}
                </Link>
                <div className="text-xs text-slate-500">{f.type}</div>
              </td>
              <td className="px-3 py-2">
                <SystemTag system={f.source_system} />
              </td>
              <td className="px-3 py-2">{f.plant}</td>
              <td className="px-3 py-2">
                <StatusBadge status={f.status} />
              </td>
              <td className="max-w-md px-3 py-2 text-slate-700">{f.error || "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
