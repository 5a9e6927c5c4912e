"use client";

import Link from "next/link";
import { useState } from "react";
import type { InstanceRow } from "@/lib/slas/queries/instances";
import { formatAgo, formatUtc } from "@/lib/ui/format";
import { nextSort, sortRows, type SortState } from "@/lib/ui/sort";
import { slaSinceText, statusLabel } from "@/lib/ui/status-labels";
import { SLA_STYLES } from "@/components/workflows/workflow-steps";
import { SortHeader } from "@/components/ui/sort-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { TableScroll } from "@/components/ui/table-scroll";

type Row = InstanceRow & { name: string; stageLabel: string; deadlineMs: number; triggerMs: number };
type Key = "correlationId" | "name" | "plant" | "slaState" | "status" | "stageLabel" | "deadlineMs" | "overByMs" | "triggerMs";

const MAX_KEYS = 3;

function Keys({ ids, base }: { ids: string[]; base: string }) {
  if (ids.length === 0) return <span className="text-slate-400">–</span>;
  return (
    <span className="flex flex-col">
      {ids.slice(0, MAX_KEYS).map((id) => (
        <Link key={id} href={`${base}${encodeURIComponent(id)}`} className="truncate font-mono text-xs text-indigo-700 hover:underline">
          {id}
        </Link>
      ))}
      {ids.length > MAX_KEYS && <span className="text-xs text-slate-500">+{ids.length - MAX_KEYS} more</span>}
    </span>
  );
}

/** Instances as the engine last judged them; "since" counts from the deadline, so it keeps moving between evaluations. */
export function InstanceTable({ items, names, stageLabels, now }: { items: InstanceRow[]; names: Record<string, string>; stageLabels: Record<string, string>; now: number }) {
  const [sort, setSort] = useState<SortState<Key>>({ key: "deadlineMs", direction: "asc" });
  const rows: Row[] = items.map((i) => ({ ...i, name: names[i.workflow] ?? i.workflow, stageLabel: i.currentStage ? (stageLabels[`${i.workflow}/${i.currentStage}`] ?? i.currentStage) : "complete", deadlineMs: Date.parse(i.deadline), triggerMs: Date.parse(i.triggerTime) }));
  const onSort = (key: Key) => setSort((s) => nextSort(s, key, key === "deadlineMs" ? "asc" : "desc"));
  const header = (label: string, column: Key, align?: "right") => <SortHeader label={label} column={column} sort={sort} onSort={onSort} align={align} />;
  return (
    <TableScroll label="Instances">
      <table data-testid="instance-table" className="w-full text-sm">
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            {header("Instance", "correlationId")}
            {header("Workflow", "name")}
            {header("Plant", "plant")}
            {header("SLA", "slaState")}
            {header("Status", "status")}
            {header("Waiting for", "stageLabel")}
            {header("Deadline (UTC)", "deadlineMs")}
            {header("Over by / left", "overByMs", "right")}
            <th className="px-3 py-2 text-left font-medium">Orders</th>
            <th className="px-3 py-2 text-left font-medium">Lots</th>
            {header("Started", "triggerMs")}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sortRows(rows, sort).map((r) => (
            <tr key={r.correlationId} data-testid="instance-row" data-sla-state={r.slaState} data-status={r.status} className="align-top hover:bg-slate-50">
              <td className="px-3 py-1.5">
                <Link href={`/trace/${encodeURIComponent(r.correlationId)}`} className="whitespace-nowrap font-mono text-xs text-indigo-700 hover:underline">
                  {r.correlationId}
                </Link>
              </td>
              <td className="px-3 py-1.5">{r.name}</td>
              <td className="px-3 py-1.5">{r.plant || "–"}</td>
              <td className="px-3 py-1.5">
                <span className={`whitespace-nowrap rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${SLA_STYLES[r.slaState]}`}>{statusLabel(r.slaState)}</span>
                {r.atRiskReason && r.slaState === "at_risk" && <span className="block text-[10px] text-slate-500">{r.atRiskReason === "failed" ? "hand-off failed" : r.atRiskReason === "share" ? "most of the time used" : "slow stage p95"}</span>}
              </td>
              <td className="px-3 py-1.5">
                <StatusBadge status={r.status} />
                {r.deadLetters > 0 && <span className="block text-[10px] text-red-700">{r.deadLetters} dead-lettered</span>}
              </td>
              <td className="px-3 py-1.5 text-slate-700">{r.stageLabel}</td>
              <td className="whitespace-nowrap px-3 py-1.5 tabular-nums" title={formatUtc(r.deadline)}>
                {r.deadline.slice(5, 16).replace("T", " ")}
              </td>
              <td className={`whitespace-nowrap px-3 py-1.5 text-right tabular-nums ${r.slaState === "breached" ? "font-medium text-red-700" : ""}`}>
                {slaSinceText({ state: r.slaState, timeToBreachMs: r.deadlineMs - now, overByMs: r.overByMs })}
              </td>
              <td className="max-w-40 px-3 py-1.5">
                <Keys ids={r.orders} base="/orders/" />
              </td>
              <td className="max-w-40 px-3 py-1.5">
                <Keys ids={r.lots} base="/lots/" />
              </td>
              <td className="whitespace-nowrap px-3 py-1.5 text-xs text-slate-500" title={formatUtc(r.triggerTime)}>
                {formatAgo(r.triggerTime, now)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
