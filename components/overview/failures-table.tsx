"use client";

import Link from "next/link";
import { useState } from "react";
import type { RecentFailure } from "@/lib/queries/get-overview";
import { formatAgo, formatUtc } from "@/lib/ui/format";
import { EmptyState } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import { SystemTag } from "@/components/ui/system-tag";

export function FailuresTable({ failures, now }: { failures: RecentFailure[]; now: number }) {
  const [system, setSystem] = useState("");
  const [plant, setPlant] = useState("");
  const systems = [...new Set(failures.map((f) => f.source_system))].sort();
  const plants = [...new Set(failures.map((f) => f.plant))].sort();
  const shown = failures.filter((f) => (system === "" || f.source_system === system) && (plant === "" || f.plant === plant));
  if (failures.length === 0) return <EmptyState title="No failures in the last hour">Failed and dead-lettered deliveries appear here as they happen.</EmptyState>;
  const select = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";
  return (
    <div className="space-y-3">
      <div className="flex gap-2">
        <select aria-label="Filter failures by system" className={select} value={system} onChange={(e) => setSystem(e.target.value)}>
          <option value="">All systems</option>
          {systems.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="Filter failures by plant" className={select} value={plant} onChange={(e) => setPlant(e.target.value)}>
          <option value="">All plants</option>
          {plants.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <span className="self-center text-xs text-slate-500">
          {shown.length} of {failures.length}
        </span>
      </div>
      <div className="overflow-x-auto">
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
            {shown.map((f) => (
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
      </div>
    </div>
  );
}
