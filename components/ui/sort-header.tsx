"use client";

import type { SortState } from "@/lib/ui/sort";

export function SortHeader<K extends string>({ label, column, sort, onSort, align = "left" }: { label: string; column: K; sort: SortState<K>; onSort: (key: K) => void; align?: "left" | "right" }) {
  const active = sort.key === column;
  return (
    <th scope="col" aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"} className={`px-3 py-2 font-medium ${align === "right" ? "text-right" : "text-left"}`}>
      <button type="button" onClick={() => onSort(column)} className={`inline-flex items-center gap-1 hover:text-slate-900 ${active ? "text-slate-900" : ""}`}>
        {label}
        <span aria-hidden className="text-[10px]">
          {active ? (sort.direction === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}
