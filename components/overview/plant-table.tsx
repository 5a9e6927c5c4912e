"use client";

import { useState } from "react";
import type { PlantCount } from "@/lib/queries/get-overview";
import { formatCount } from "@/lib/ui/format";
import { nextSort, sortRows, type SortState } from "@/lib/ui/sort";
import { SortHeader } from "@/components/ui/sort-header";
import { EmptyState } from "@/components/ui/panel";

type Row = PlantCount & { rate: number };
type Key = "plant" | "events" | "failures" | "rate";

export function PlantTable({ plants }: { plants: PlantCount[] }) {
  const [sort, setSort] = useState<SortState<Key>>({ key: "failures", direction: "desc" });
  if (plants.length === 0) return <EmptyState title="No plant has sent events in this range" />;
  const rows: Row[] = plants.map((p) => ({ ...p, rate: p.events === 0 ? 0 : p.failures / p.events }));
  const onSort = (key: Key) => setSort((s) => nextSort(s, key, key === "plant" ? "asc" : "desc"));
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <SortHeader label="Plant" column="plant" sort={sort} onSort={onSort} />
            <SortHeader label="Events" column="events" sort={sort} onSort={onSort} align="right" />
            <SortHeader label="Failures" column="failures" sort={sort} onSort={onSort} align="right" />
            <SortHeader label="Failure rate" column="rate" sort={sort} onSort={onSort} align="right" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sortRows(rows, sort).map((p) => (
            <tr key={p.plant} data-testid="plant-row">
              <td className="px-3 py-2 font-medium">{p.plant || "(no plant)"}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(p.events)}</td>
              <td className={`px-3 py-2 text-right tabular-nums ${p.failures > 0 ? "text-red-600" : ""}`}>{formatCount(p.failures)}</td>
              <td className="px-3 py-2 text-right">
                <div className="flex items-center justify-end gap-2">
                  <div className="hidden h-1.5 w-20 overflow-hidden rounded bg-slate-100 sm:block" aria-hidden>
                    <div className="h-full bg-red-500" style={{ width: `${Math.min(100, p.rate * 100 * 5)}%` }} />
                  </div>
                  <span className="w-14 tabular-nums">{(p.rate * 100).toFixed(1)} %</span>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
