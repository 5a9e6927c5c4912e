"use client";

import Link from "next/link";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { GroupDetail } from "@/lib/exceptions/group-detail";
import { formatCount, formatCountOf, formatUtc } from "@/lib/ui/format";
import { EmptyState, Panel } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import { ApiProblem, postJson, useGroupDetail } from "./exception-api";
import { RiskChip, StateChip } from "./state-chip";
import { ReplayDialog } from "@/components/replay/replay-dialog";
import { TrendSparkline } from "./trend-sparkline";
import { TableScroll } from "@/components/ui/table-scroll";

const KEYS_SHOWN = 30;

/** One exception group: what failed, how often, what it touches, and its triage. */
export function ExceptionGroupView({ initial, canTriage, canReplay, canEditPayload = false }: { initial: GroupDetail; canTriage: boolean; canReplay: boolean; canEditPayload?: boolean }) {
  const client = useQueryClient();
  const { data } = useGroupDetail(initial.group.id, initial);
  const g = data.group;
  const [note, setNote] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const [team, setTeam] = useState("");
  const [replaying, setReplaying] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ["exception-group", g.id] });

  const act = async (action: Record<string, unknown>) => {
    try {
      await postJson(`/api/v1/exceptions/groups/${g.id}/actions`, { version: g.version, action });
      setNote(null);
    } catch (error) {
      setNote(error instanceof ApiProblem ? error.message : String(error));
    }
    await refresh();
  };
  const withReason = (type: "resolve" | "ignore") => {
    const reason = window.prompt(type === "resolve" ? "What fixed it? (optional)" : "Why ignore it?");
    if (reason === null || (type === "ignore" && reason.trim() === "")) return;
    void act({ type, reason });
  };
  const open = !["resolved", "ignored"].includes(g.state);
  const button = "rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-700 hover:bg-slate-50";

  return (
    <div className="space-y-6">
      <div>
        <p className="text-xs text-slate-500"><Link href="/exceptions" className="hover:underline">Exceptions</Link> / {g.id}</p>
        <h1 className="mt-1 text-xl font-semibold break-words" data-testid="group-title">{g.template}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm text-slate-600">
          <StateChip state={g.state} />
          <span>{g.kind.replace(/_/g, " ")}</span>
          {(g.from || g.to) && <span>{g.from || "?"}→{g.to || "?"}</span>}
          {g.interface && <span>{g.interface}</span>}
          {g.code && <span>code {g.code}</span>}
          <span>{formatCountOf(g.count, "occurrence")}, {formatCount(g.openCount)} open</span>
          <span>first {formatUtc(g.firstSeen)} · last {formatUtc(g.lastSeen)}</span>
          <span>{g.assignee ? `assigned to ${g.assignee.kind === "user" ? g.assignee.name : `team ${g.assignee.team}`}` : "unassigned"}</span>
        </div>
        {g.resolution && <p className="mt-1 text-sm text-emerald-700" data-testid="resolution">Resolved: {g.resolution}</p>}
        {g.ignoredReason && <p className="mt-1 text-sm text-slate-500">Ignored: {g.ignoredReason}</p>}
        {g.state === "snoozed" && <p className="mt-1 text-sm text-slate-500">Snoozed{g.snoozedUntil ? ` until ${formatUtc(g.snoozedUntil)}` : ""}{g.snoozeUntilCount ? ` until occurrence ${g.snoozeUntilCount}` : ""}</p>}
      </div>

      {canTriage && (
        <div className="flex flex-wrap items-center gap-2" data-testid="group-actions">
          {open && <button type="button" className={button} onClick={() => act({ type: "acknowledge" })}>Acknowledge</button>}
          {open && <button type="button" className={button} onClick={() => act({ type: "assign_owner" })}>Assign to owner</button>}
          {open && (
            <form className="flex items-center gap-1" onSubmit={(e) => { e.preventDefault(); if (team.trim()) void act({ type: "assign", team: team.trim() }); }}>
              <input aria-label="Team" placeholder="team" value={team} onChange={(e) => setTeam(e.target.value)} className="w-32 rounded-md border border-slate-300 px-2 py-1 text-sm" />
              <button type="submit" className={button}>Assign team</button>
            </form>
          )}
          {open && <button type="button" className={button} onClick={() => act({ type: "snooze", until: new Date(Date.now() + 3_600_000).toISOString() })}>Snooze 1 h</button>}
          {open && <button type="button" className={button} onClick={() => act({ type: "snooze", occurrences: 10 })}>Snooze 10 more</button>}
          {open && <button type="button" className={button} onClick={() => withReason("resolve")}>Resolve</button>}
          {open && <button type="button" className={button} onClick={() => withReason("ignore")}>Ignore</button>}
          {!open && <button type="button" className={button} onClick={() => act({ type: "reopen" })}>Reopen</button>}
        </div>
      )}
      {note && <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{note}</p>}

      <div className="grid gap-6 lg:grid-cols-3">
        <Panel title="Last 24 hours" subtitle="Occurrences per hour" className="lg:col-span-2">
          <TrendSparkline trend={data.trend} height={160} axes />
        </Panel>
        <Panel title="Business impact" subtitle="Lots, orders, shipments and customers touched, descendants through genealogy included">
          <p className="mb-2 text-sm text-slate-600">
            Quality risk <RiskChip risk={data.qualityRisk} />
          </p>
          <dl className="grid grid-cols-2 gap-2 text-sm" data-testid="impact">
            {(["lots", "orders", "shipments", "customers"] as const).map((k) => (
              <div key={k}>
                <dt className="text-slate-500">{k}</dt>
                <dd className="text-lg font-semibold">
                  {formatCount(data.impact[k])}
                  {data.impact.capped && k !== "customers" ? "+" : ""}
                </dd>
              </div>
            ))}
          </dl>
          {data.impact.descendantLots > 0 && <p className="mt-2 text-xs text-slate-500">{formatCount(data.impact.descendantLots)} of the lots were made from the group&apos;s lots.</p>}
          {data.impact.capped && <p className="mt-1 text-xs text-amber-700">The genealogy walk stopped at its limit: the counts are lower bounds.</p>}
          {data.impact.sample.shipments.length > 0 && (
            <p className="mt-2 text-xs text-slate-600">
              Shipments:{" "}
              {data.impact.sample.shipments.map((s, i) => (
                <span key={s}>
                  {i > 0 && ", "}
                  <Link href={`/lots/${encodeURIComponent(s)}`} className="text-indigo-700 hover:underline">{s}</Link>
                </span>
              ))}
              {data.impact.sample.customers.length > 0 && ` — customers ${data.impact.sample.customers.join(", ")}`}
            </p>
          )}
        </Panel>
      </div>

      {canReplay && data.messageRefs.length > 0 && (
        <div className="flex flex-wrap items-center gap-2 rounded-md border border-indigo-200 bg-indigo-50/50 px-3 py-2 text-sm">
          <span className="text-slate-700">{formatCount(data.messageRefs.length)} open messages of this group can be sent again through the integration layer.</span>
          <button type="button" data-testid="replay-group" className="rounded-md bg-indigo-600 px-3 py-1 text-sm font-medium text-white hover:bg-indigo-700" onClick={() => setReplaying(true)}>
            Replay…
          </button>
        </div>
      )}
      {replaying && <ReplayDialog selection={{ kind: "messages", messages: data.messageRefs }} canEditPayload={canEditPayload} onClose={() => setReplaying(false)} />}

      <Panel title="Business keys" subtitle={`${data.messageRefs.length} open messages can be replayed`}>
        <div className="space-y-2 text-sm">
          <KeyList label="Lots" values={data.keys.lots} href={(v) => `/lots/${encodeURIComponent(v)}`} />
          <KeyList label="Orders" values={data.keys.orders} href={(v) => `/orders/${encodeURIComponent(v)}`} />
          <KeyList label="Plants" values={data.keys.plants} />
          <KeyList label="Systems" values={data.keys.systems} />
        </div>
      </Panel>

      <Panel title="Occurrences" subtitle="Newest first; each links to its evidence">
        {data.occurrences.items.length === 0 ? (
          <EmptyState title="No occurrence in your plants" />
        ) : (
          <TableScroll label="Occurrences">
            <table className="w-full text-sm" data-testid="occurrence-table">
              <thead className="border-b border-slate-200 text-left text-xs text-slate-500">
                <tr><th className="px-2 py-1.5">When</th><th className="px-2 py-1.5">Plant</th><th className="px-2 py-1.5">Status</th><th className="px-2 py-1.5">Error</th><th className="px-2 py-1.5">Keys</th><th className="px-2 py-1.5">Evidence</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.occurrences.items.map((o) => (
                  <tr key={o.id} id={o.id} data-testid="occurrence-row">
                    <td className="px-2 py-1.5 whitespace-nowrap">{formatUtc(o.occurredAt)}</td>
                    <td className="px-2 py-1.5">{o.plant || "—"}</td>
                    <td className="px-2 py-1.5">{o.status === "open" ? <StatusBadge status="failed" /> : <span className="text-xs text-emerald-700" title={o.closedReason}>closed: {o.closedReason}</span>}</td>
                    <td className="max-w-md px-2 py-1.5 break-words text-slate-700">{o.error}</td>
                    <td className="px-2 py-1.5 text-xs">{[...o.lots, ...o.orders].join(", ") || "—"}</td>
                    <td className="px-2 py-1.5"><Link href={o.evidence} className="text-indigo-700 hover:underline">{o.correlationId ? "trace" : "open"}</Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Panel>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Comments">
          <ul className="space-y-3 text-sm" data-testid="comments">
            {data.comments.map((c) => (
              <li key={c.id}><p className="text-xs text-slate-500">{c.authorName} · {formatUtc(c.createdAt)}</p><p className="whitespace-pre-wrap">{c.body}</p></li>
            ))}
            {data.comments.length === 0 && <li className="text-slate-500">No comments yet.</li>}
          </ul>
          {canTriage && (
            <form
              className="mt-3 flex gap-2"
              onSubmit={async (e) => {
                e.preventDefault();
                if (!comment.trim()) return;
                await postJson(`/api/v1/exceptions/groups/${g.id}/comments`, { body: comment });
                setComment("");
                await refresh();
              }}
            >
              <textarea aria-label="Comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={2} className="flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm" />
              <button type="submit" className="self-end rounded-md bg-indigo-600 px-3 py-1 text-sm text-white">Comment</button>
            </form>
          )}
        </Panel>
        <Panel title="History" subtitle="From the audit trail">
          <ul className="space-y-1 text-sm" data-testid="history">
            {data.history.map((h, i) => (
              <li key={i}><span className="text-slate-500">{formatUtc(h.at)}</span> {h.actor}: {historyText(h)}</li>
            ))}
            {data.history.length === 0 && <li className="text-slate-500">Nothing done yet.</li>}
          </ul>
        </Panel>
      </div>
    </div>
  );
}

function historyText(h: GroupDetail["history"][number]): string {
  const after = (h.after ?? {}) as { action?: string; state?: string; resolution?: string };
  if (h.action === "exception_comment.created") return "commented";
  if (h.action === "exception_group.regressed") return "regressed: the error recurred";
  if (h.action === "exception_group.auto_resolved") return `auto-resolved: ${after.resolution ?? ""}`;
  return `${after.action ?? "changed"} → ${after.state ?? ""}`;
}

function KeyList({ label, values, href }: { label: string; values: string[]; href?: (v: string) => string }) {
  return (
    <div className="flex flex-wrap gap-x-2 gap-y-1">
      <span className="w-16 text-slate-500">{label}</span>
      {values.length === 0 && <span className="text-slate-400">—</span>}
      {values.slice(0, KEYS_SHOWN).map((v) => (href ? <Link key={v} href={href(v)} className="text-indigo-700 hover:underline">{v}</Link> : <span key={v}>{v}</span>))}
      {values.length > KEYS_SHOWN && <span className="text-slate-500">and {values.length - KEYS_SHOWN} more</span>}
    </div>
  );
}
