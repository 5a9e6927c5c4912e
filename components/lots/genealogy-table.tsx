"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { SortHeader } from "@/components/ui/sort-header";
import type { GenealogyRow } from "@/lib/genealogy/genealogy-rows";
import { standingOfNode } from "@/lib/lots/lot-state";
import { LotStateBadges } from "./lot-state-badges";
import { formatCount, formatCountOf, formatUtc } from "@/lib/ui/format";
import { nextSort, sortRows, type SortState } from "@/lib/ui/sort";

type Column = "depth" | "lotId" | "item" | "plant" | "status" | "linkedTo" | "operation" | "orderId" | "quantity" | "time";
const PAGE = 200;

/** The genealogy as rows: sortable, filterable by any text, every lot linked to its page. */
export function GenealogyTable({ rows, direction }: { rows: GenealogyRow[]; direction: "backward" | "forward" }) {
  const [sort, setSort] = useState<SortState<Column>>({ key: "depth", direction: "asc" });
  const [filter, setFilter] = useState("");
  const [heldOnly, setHeldOnly] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const filtered = rows.filter((r) => (!heldOnly || r.held) && (f === "" || [r.lotId, r.item, r.plant, r.status, r.orderId, r.linkedTo, r.customer, r.supplierLot].some((v) => v.toLowerCase().includes(f))));
    return sortRows(filtered, sort);
  }, [rows, filter, heldOnly, sort]);
  const onSort = (key: Column) => setSort((s) => nextSort(s, key, "asc"));
  const lot = (id: string) => (
    <Link href={`/lots/${encodeURIComponent(id)}`} className="font-mono text-xs text-indigo-700 hover:underline">
      {id}
    </Link>
  );

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter lots, items, orders, customers…" aria-label="Filter genealogy" className="w-72 rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={heldOnly} onChange={(e) => setHeldOnly(e.target.checked)} /> Held or rejected only
        </label>
        <span className="ml-auto text-xs text-slate-500">
          {formatCount(shown.length)} of {formatCountOf(rows.length, "row")}
        </span>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table data-testid="genealogy-table" className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <SortHeader label="Depth" column="depth" sort={sort} onSort={onSort} align="right" />
              <SortHeader label="Lot" column="lotId" sort={sort} onSort={onSort} />
              <SortHeader label="Item" column="item" sort={sort} onSort={onSort} />
              <SortHeader label="Plant" column="plant" sort={sort} onSort={onSort} />
              <SortHeader label="Status" column="status" sort={sort} onSort={onSort} />
              <SortHeader label={direction === "backward" ? "Went into" : "Made from"} column="linkedTo" sort={sort} onSort={onSort} />
              <SortHeader label="Operation" column="operation" sort={sort} onSort={onSort} />
              <SortHeader label="Order" column="orderId" sort={sort} onSort={onSort} />
              <SortHeader label="Quantity" column="quantity" sort={sort} onSort={onSort} align="right" />
              <SortHeader label="Time" column="time" sort={sort} onSort={onSort} />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 bg-white">
            {shown.slice(0, limit).map((r, i) => (
              <tr key={`${r.lotId}:${r.linkedTo}:${i}`} className={r.held ? "bg-red-50" : undefined}>
                <td className="px-3 py-1.5 text-right tabular-nums">{r.depth}</td>
                <td className="px-3 py-1.5">
                  {lot(r.lotId)}
                  {r.kind !== "lot" && <span className="ml-2 text-xs text-slate-600">{r.kind === "shipment" ? `shipment · ${r.customer}` : `supplier lot ${r.supplierLot}`}</span>}
                </td>
                <td className="px-3 py-1.5">{r.item}</td>
                <td className="px-3 py-1.5">{r.plant}</td>
                <td className="px-3 py-1.5">
                  <LotStateBadges state={{ standing: standingOfNode(r), divergent: r.divergent, status: r.status }} />
                </td>
                <td className="px-3 py-1.5">{r.linkedTo && lot(r.linkedTo)}</td>
                <td className="px-3 py-1.5">{r.operation}</td>
                <td className="px-3 py-1.5">
                  {r.orderId && (
                    <Link href={`/orders/${encodeURIComponent(r.orderId)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                      {r.orderId}
                    </Link>
                  )}
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums">{r.quantity > 0 ? `${r.quantity} ${r.uom}` : ""}</td>
                <td className="whitespace-nowrap px-3 py-1.5 text-xs text-slate-600">{r.time && formatUtc(r.time)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length > limit && (
        <button type="button" onClick={() => setLimit((l) => l + PAGE * 5)} className="text-sm font-medium text-indigo-700 hover:underline">
          Show more ({shown.length - limit} left)
        </button>
      )}
    </div>
  );
}
