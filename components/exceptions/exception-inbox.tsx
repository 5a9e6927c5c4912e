"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { InboxPage } from "@/lib/exceptions/inbox-query";
import type { BulkReport } from "@/lib/exceptions/triage";
import { formatAgo, formatCount, formatCountOf, formatUtc, pluralNoun } from "@/lib/ui/format";
import { statusLabel } from "@/lib/ui/status-labels";
import { EmptyState, Panel } from "@/components/ui/panel";
import { deleteJson, postJson, useInbox, useSavedViews } from "./exception-api";
import { ReplayDialog } from "@/components/replay/replay-dialog";
import type { ReplaySelection } from "@/lib/replay/selection";
import { RiskChip, StateChip } from "./state-chip";
import { TrendSparkline } from "./trend-sparkline";
import { TableScroll } from "@/components/ui/table-scroll";

const FILTERS = [
  { key: "q", label: "Search the error", width: "w-56" },
  { key: "plant", label: "Plant", width: "w-24" },
  { key: "system", label: "System", width: "w-24" },
  { key: "integration", label: "Integration", width: "w-36" },
  { key: "workflow", label: "Workflow", width: "w-36" },
] as const;
const STATES = ["open", "new", "regressed", "acknowledged", "assigned", "snoozed", "resolved", "ignored", "all"];
const KINDS = ["", "integration", "end_to_end", "stage", "missing_response", "volume", "burn_rate", "ingest_dead_letter", "divergence"];

type Bulk = { type: "acknowledge" } | { type: "resolve"; reason: string } | { type: "assign_owner" };

/** The support engineer's home: exception groups, filtered, selected and triaged from the keyboard. */
export function ExceptionInbox({ query, params, initial, canTriage, canReplay = false, now }: { query: string; params: Record<string, string>; initial: InboxPage; canTriage: boolean; canReplay?: boolean; now: number }) {
  const [replaying, setReplaying] = useState(false);
  // Failed messages matching the inbox's filter, as the replay layer selects them (the filters it shares).
  const replayFilter: ReplaySelection = {
    kind: "filter",
    filter: { ...(params.plant ? { plant: params.plant } : {}), ...(params.integration ? { interface: params.integration } : {}), ...(params.system ? { system: params.system } : {}), ...isoParam("from", params.from), ...isoParam("to", params.to), outcome: ["failed", "dead_lettered"] },
  };
  const router = useRouter();
  const pathname = usePathname();
  const client = useQueryClient();
  const inbox = useInbox(query, initial);
  const views = useSavedViews();
  const items = inbox.data.pages.flatMap((p) => p.items);
  const total = inbox.data.pages[0]?.total ?? 0;
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setSelected(new Set());
    setAllMatching(false);
    router.replace(`${pathname}?${next.toString()}`);
  };

  const run = async (action: Bulk, ids?: string[]) => {
    const targets = ids ?? [...selected];
    const body = allMatching && !ids ? { action, filter: Object.fromEntries(Object.entries(params).filter(([k]) => k !== "cursor")) } : { action, selection: items.filter((g) => targets.includes(g.id)).map((g) => ({ id: g.id, version: g.version })) };
    if (!allMatching && targets.length === 0) return;
    try {
      const report = await postJson<BulkReport>("/api/v1/exceptions/actions", body);
      const notes = [`${report.applied} of ${report.matched} ${action.type.replace("_", " ")}d`];
      if (report.conflicts.length > 0) notes.push(`${report.conflicts.length} changed meanwhile (${report.conflicts.map((c) => `${statusLabel(c.state)} by ${c.changedBy}`).join("; ")})`);
      if (report.skipped.length > 0) notes.push(`${report.skipped.length} skipped: ${report.skipped[0]!.reason}`);
      setMessage(notes.join(" · "));
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    }
    setSelected(new Set());
    setAllMatching(false);
    await client.invalidateQueries({ queryKey: ["exceptions"] });
  };

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA") {
        if (e.key === "Escape") target.blur();
        return;
      }
      // Enter on a focused link or button is that control's own (the skip link, a row's link, the menu).
      if (e.key === "Enter" && target.closest("a, button, summary, [role=button]")) return;
      const current = items[cursor];
      if (e.key === "j") setCursor((c) => Math.min(c + 1, items.length - 1));
      else if (e.key === "k") setCursor((c) => Math.max(c - 1, 0));
      else if (e.key === "x" && current) toggle(current.id);
      else if (e.key === "/") search.current?.focus();
      else if (e.key === "Enter" && current) router.push(`/exceptions/${current.id}`);
      else if (e.key === "a" && canTriage && current) void run({ type: "acknowledge" }, selected.size > 0 ? undefined : [current.id]);
      else if (e.key === "e" && canTriage && current) void run({ type: "resolve", reason: "" }, selected.size > 0 ? undefined : [current.id]);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const saveView = async () => {
    const name = window.prompt("Name this view");
    if (!name) return;
    await postJson("/api/v1/exceptions/views", { name, filters: params });
    await views.refetch();
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-2" data-testid="exception-filters">
        {FILTERS.map((f) => (
          <label key={f.key} className="text-xs text-slate-500">
            {f.label}
            <input
              ref={f.key === "q" ? search : undefined}
              name={f.key}
              defaultValue={params[f.key] ?? ""}
              onKeyDown={(e) => e.key === "Enter" && setFilter(f.key, e.currentTarget.value.trim())}
              onBlur={(e) => e.currentTarget.value.trim() !== (params[f.key] ?? "") && setFilter(f.key, e.currentTarget.value.trim())}
              placeholder={f.key === "q" ? "/ to focus" : ""}
              className={`mt-0.5 block rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900 ${f.width}`}
            />
          </label>
        ))}
        <label className="text-xs text-slate-500">
          State
          <select name="state" value={params.state ?? "open"} onChange={(e) => setFilter("state", e.target.value === "open" ? "" : e.target.value)} className="mt-0.5 block rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900">
            {STATES.map((s) => <option key={s} value={s}>{s === "open" ? "needs action" : statusLabel(s)}</option>)}
          </select>
        </label>
        <label className="text-xs text-slate-500">
          Kind
          <select name="kind" value={params.kind ?? ""} onChange={(e) => setFilter("kind", e.target.value)} className="mt-0.5 block rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900">
            {KINDS.map((k) => <option key={k} value={k}>{k === "" ? "any" : k.replace(/_/g, " ")}</option>)}
          </select>
        </label>
        <label className="text-xs text-slate-500">
          Assignee
          <select name="assignee" value={params.assignee ?? ""} onChange={(e) => setFilter("assignee", e.target.value)} className="mt-0.5 block rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900">
            <option value="">anyone</option>
            <option value="me">me</option>
            <option value="none">nobody</option>
          </select>
        </label>
        <label className="text-xs text-slate-500">
          Sort
          <select name="sort" value={params.sort ?? "priority"} onChange={(e) => setFilter("sort", e.target.value === "priority" ? "" : e.target.value)} className="mt-0.5 block rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900">
            <option value="priority">priority</option>
            <option value="lastSeen">last seen</option>
            <option value="firstSeen">first seen</option>
            <option value="count">count</option>
          </select>
        </label>
        <div className="ml-auto flex flex-wrap items-center gap-2 text-sm">
          {(views.data ?? []).map((v) => (
            <span key={v.id} className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5">
              <Link href={`/exceptions?${new URLSearchParams(Object.entries(v.filters).map(([k, val]) => [k, String(val)])).toString()}`} className="text-indigo-700 hover:underline">{v.name}</Link>
              <button type="button" aria-label={`Delete view ${v.name}`} className="text-slate-400 hover:text-red-600" onClick={async () => { await deleteJson(`/api/v1/exceptions/views/${v.id}`); await views.refetch(); }}>×</button>
            </span>
          ))}
          <button type="button" onClick={saveView} className="rounded-md border border-slate-300 px-2 py-1 text-slate-700 hover:bg-slate-50">Save view</button>
        </div>
      </div>

      {canReplay && (!params.kind || params.kind === "integration") && (
        <div className="flex justify-end">
          <button type="button" data-testid="replay-matching" className="rounded-md border border-indigo-300 px-3 py-1 text-sm text-indigo-700 hover:bg-indigo-50" onClick={() => setReplaying(true)}>
            Replay failed messages {params.plant || params.integration || params.system || params.from || params.to ? "matching plant, system, integration and time" : "of every plant you see"}…
          </button>
        </div>
      )}
      {replaying && <ReplayDialog selection={replayFilter} onClose={() => setReplaying(false)} />}

      <Panel
        title={formatCountOf(total, "group")}
        subtitle={`j/k move · x select · a acknowledge · e resolve · / search · Enter open${inbox.isError ? " · connection lost, retrying" : ""}`}
        actions={
          canTriage && (selected.size > 0 || allMatching) ? (
            <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="bulk-actions">
              <span className="text-slate-600">{allMatching ? `all ${formatCount(total)} matching` : `${selected.size} selected`}</span>
              {!allMatching && selected.size === items.length && total > items.length && (
                <button type="button" className="text-indigo-700 underline" onClick={() => setAllMatching(true)}>Select all {formatCount(total)} matching</button>
              )}
              <button type="button" className="rounded-md bg-indigo-600 px-2 py-1 text-white" onClick={() => run({ type: "acknowledge" })}>Acknowledge</button>
              <button type="button" className="rounded-md border border-slate-300 px-2 py-1" onClick={() => run({ type: "assign_owner" })}>Assign to owner</button>
              <button type="button" className="rounded-md border border-slate-300 px-2 py-1" onClick={() => run({ type: "resolve", reason: "" })}>Resolve</button>
            </div>
          ) : undefined
        }
      >
        {message && <p role="status" className="mb-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">{message}</p>}
        {items.length === 0 ? (
          <EmptyState title="No exception matches">Nothing failed that needs action here, or the filter is narrower than you meant.</EmptyState>
        ) : (
          <TableScroll label="Exception groups">
            <table className="w-full text-sm" data-testid="exception-table">
              <thead className="border-b border-slate-200 text-left text-xs text-slate-500">
                <tr>
                  {canTriage && (
                    <th className="px-2 py-1.5">
                      <input type="checkbox" aria-label="Select all on this page" checked={selected.size === items.length && items.length > 0} onChange={(e) => { setAllMatching(false); setSelected(e.target.checked ? new Set(items.map((g) => g.id)) : new Set()); }} />
                    </th>
                  )}
                  <th className="px-2 py-1.5">Error</th>
                  <th className="px-2 py-1.5">State</th>
                  <th className="px-2 py-1.5">Risk · impact</th>
                  <th className="px-2 py-1.5 text-right">Count</th>
                  <th className="px-2 py-1.5">Last 24 h</th>
                  <th className="px-2 py-1.5">First seen</th>
                  <th className="px-2 py-1.5">Last seen</th>
                  <th className="px-2 py-1.5">Plants</th>
                  <th className="px-2 py-1.5">Assignee</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {items.map((g, i) => (
                  <tr key={g.id} data-testid="exception-row" data-group={g.id} aria-selected={i === cursor} onClick={() => setCursor(i)} className={i === cursor ? "bg-indigo-50/60" : "hover:bg-slate-50"}>
                    {canTriage && (
                      <td className="px-2 py-1.5">
                        <input type="checkbox" aria-label={`Select ${g.signature}`} checked={allMatching || selected.has(g.id)} onChange={() => toggle(g.id)} />
                      </td>
                    )}
                    <td className="max-w-xl min-w-64 px-2 py-1.5">
                      <Link href={`/exceptions/${g.id}`} className="font-medium text-indigo-700 hover:underline">{g.template}</Link>
                      <div className="text-xs text-slate-600">{[g.kind.replace(/_/g, " "), g.from || g.to ? `${g.from || "?"}→${g.to || "?"}` : "", g.interface, g.code].filter(Boolean).join(" · ")}</div>
                    </td>
                    <td className="px-2 py-1.5"><StateChip state={g.state} /></td>
                    <td className="px-2 py-1.5 whitespace-nowrap text-xs text-slate-600">
                      <RiskChip risk={g.qualityRisk} />
                      {g.impact && <span className="ml-1.5" title="Lots · shipments · customers touched, descendants included">{impactText(g.impact)}</span>}
                    </td>
                    <td className="px-2 py-1.5 text-right tabular-nums">{formatCount(g.count)}</td>
                    <td className="px-2 py-1.5"><TrendSparkline trend={g.trend} /></td>
                    <td className="px-2 py-1.5 whitespace-nowrap text-slate-600" title={formatUtc(g.firstSeen)}>{formatAgo(g.firstSeen, now)}</td>
                    <td className="px-2 py-1.5 whitespace-nowrap text-slate-600" title={formatUtc(g.lastSeen)}>{formatAgo(g.lastSeen, now)}</td>
                    <td className="px-2 py-1.5 text-slate-600">{g.plants.join(", ") || "—"}</td>
                    <td className="px-2 py-1.5 text-slate-600">{g.assignee ? (g.assignee.kind === "user" ? g.assignee.name : `team ${g.assignee.team}`) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {inbox.hasNextPage && (
          <button type="button" disabled={inbox.isFetchingNextPage} onClick={() => void inbox.fetchNextPage()} className="mt-3 rounded-md border border-slate-300 px-3 py-1 text-sm text-slate-700 hover:bg-slate-50">
            {inbox.isFetchingNextPage ? "Loading…" : `Show more (${formatCount(items.length)} of ${formatCount(total)})`}
          </button>
        )}
      </Panel>
    </div>
  );
}

function impactText(i: { lots: number; shipments: number; customers: number; capped: boolean }): string {
  const more = i.capped ? "+" : "";
  return `${formatCount(i.lots)}${more} ${pluralNoun(i.lots, "lot")} · ${formatCount(i.shipments)}${more} ${pluralNoun(i.shipments, "shipment")} · ${formatCountOf(i.customers, "customer")}`;
}

/** A time of the URL as the replay API takes it (ISO 8601 with offset), or nothing when it is not a time. */
function isoParam<K extends "from" | "to">(key: K, value: string | undefined): Partial<Record<K, string>> {
  const t = value ? new Date(value) : null;
  return t && !Number.isNaN(t.getTime()) ? ({ [key]: t.toISOString() } as Partial<Record<K, string>>) : {};
}
