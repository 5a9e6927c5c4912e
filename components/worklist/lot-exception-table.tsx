"use client";

import Link from "next/link";
import { useState } from "react";
import type { LotException } from "@/lib/slas/queries/lot-exceptions";
import { formatDuration, formatUtc } from "@/lib/ui/format";
import { statusLabel } from "@/lib/ui/status-labels";
import { nextSort, sortRows, type SortState } from "@/lib/ui/sort";
import { SortHeader } from "@/components/ui/sort-header";
import { EmptyState } from "@/components/ui/panel";
import { TableScroll } from "@/components/ui/table-scroll";

type Row = LotException & { heldMs: number; divergentMs: number; blockedText: string };
type Key = "lotId" | "plant" | "heldMs" | "divergentMs" | "blockedText";

/** A table a person reads; the CSV has every lot. */
const SHOWN = 200;

/** Lots held in some system, and whether another system still lets them be used, with how long. */
export function LotExceptionTable({ items, now, onlyDivergent }: { items: LotException[]; now: number; onlyDivergent: boolean }) {
  const [sort, setSort] = useState<SortState<Key>>({ key: onlyDivergent ? "divergentMs" : "heldMs", direction: "desc" });
  const rows: Row[] = items
    .filter((l) => !onlyDivergent || l.divergent)
    .map((l) => ({ ...l, heldMs: now - Date.parse(l.heldSince), divergentMs: l.divergentSince ? now - Date.parse(l.divergentSince) : -1, blockedText: l.blocked.map((b) => b.system).join(", ") }));
  if (rows.length === 0) return <EmptyState title={onlyDivergent ? "Every system agrees on every held lot" : "No lot is held in any system"} />;
  const onSort = (key: Key) => setSort((s) => nextSort(s, key));
  return (
    <div className="space-y-2">
    <TableScroll label="Held and divergent lots">
    <table data-testid="lot-exception-table" className="w-full text-sm">
      <thead className="border-b border-slate-200 text-xs text-slate-500">
        <tr>
          <SortHeader label="Lot" column="lotId" sort={sort} onSort={onSort} />
          <SortHeader label="Plant" column="plant" sort={sort} onSort={onSort} />
          <SortHeader label="Held in" column="blockedText" sort={sort} onSort={onSort} />
          <SortHeader label="Held for" column="heldMs" sort={sort} onSort={onSort} align="right" />
          <SortHeader label="Systems disagree for" column="divergentMs" sort={sort} onSort={onSort} align="right" />
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {sortRows(rows, sort).slice(0, SHOWN).map((l) => (
          <tr key={l.lotId} data-testid="lot-exception-row" data-divergent={l.divergent} className="hover:bg-slate-50">
            <td className="px-3 py-1.5">
              <Link href={`/lots/${encodeURIComponent(l.lotId)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                {l.lotId}
              </Link>
            </td>
            <td className="px-3 py-1.5">{l.plant || "–"}</td>
            <td className="px-3 py-1.5">{l.blocked.map((b) => `${b.system} (${statusLabel(b.status)})`).join(", ")}</td>
            <td className="px-3 py-1.5 text-right tabular-nums" title={`since ${formatUtc(l.heldSince)}`}>
              {formatDuration(l.heldMs)}
            </td>
            <td className="px-3 py-1.5 text-right tabular-nums">
              {l.divergent ? (
                <span className="font-medium text-red-700" title={`since ${formatUtc(l.divergentSince ?? "")}; still released in ${l.releasedIn.join(", ")}`}>
                  {formatDuration(l.divergentMs)} · {l.releasedIn.join(", ")} releases it
                </span>
              ) : (
                <span className="text-slate-400">agree</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </TableScroll>
      {rows.length > SHOWN && <p className="text-xs text-slate-500">Showing {SHOWN} of {rows.length} in this order; the CSV has them all.</p>}
    </div>
  );
}
