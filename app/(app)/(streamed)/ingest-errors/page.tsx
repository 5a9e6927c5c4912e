import Link from "next/link";
import { DeadLetterTable } from "@/components/ingest-errors/dead-letter-table";
import { ForbiddenNotice } from "@/components/ui/forbidden-notice";
import { EmptyState, Panel } from "@/components/ui/panel";
import { requirePageActor } from "@/lib/auth/page-guard";
import { appDeps } from "@/server/runtime";
import { hasPermission } from "@/lib/auth/roles";
import { deadLetterFilterSchema, getDeadLetters } from "@/lib/queries/get-dead-letters";
import { formatCount } from "@/lib/ui/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Ingest errors" };

const CHANNELS = ["", "http", "kafka", "otlp", "simulator"] as const;
const WINDOWS = [1, 24, 168] as const;

export default async function IngestErrorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const deps = await appDeps();
  const actor = await requirePageActor(deps.db, "/ingest-errors");
  if (!hasPermission(actor.role, "system:read")) {
    return <ForbiddenNotice title="Ingest errors are for support engineers and administrators">Raw rejected input may hold data outside your scope.</ForbiddenNotice>;
  }
  const filter = deadLetterFilterSchema.parse({ channel: params.channel, hours: params.hours });
  const { items, reasons, total } = await getDeadLetters(deps.clickhouse, filter);
  const href = (channel: string, hours: number) => `/ingest-errors?${new URLSearchParams({ ...(channel ? { channel } : {}), hours: String(hours) })}`;
  const chip = (active: boolean) => `rounded-md px-2.5 py-1 text-sm ${active ? "bg-slate-900 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50"}`;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Ingest errors</h1>
        <p className="text-sm text-slate-500">Input that could not become an event: kept here with the raw bytes and the reason, never dropped.</p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {CHANNELS.map((c) => (
          <Link key={c || "all"} href={href(c, filter.hours)} className={chip((filter.channel ?? "") === c)}>
            {c || "All channels"}
          </Link>
        ))}
        <span className="mx-2 h-5 w-px bg-slate-300" aria-hidden />
        {WINDOWS.map((h) => (
          <Link key={h} href={href(filter.channel ?? "", h)} className={chip(filter.hours === h)}>
            {h === 1 ? "Last hour" : h === 24 ? "Last 24 h" : "Last 7 days"}
          </Link>
        ))}
      </div>
      {total === 0 ? (
        <EmptyState title="No ingest errors in this window">Every record received was a valid event.</EmptyState>
      ) : (
        <>
          <Panel title="Most frequent reasons" subtitle={`${formatCount(total)} rejected in this window`}>
            <ul className="space-y-2">
              {reasons.map((r) => (
                <li key={r.reason} className="flex items-center gap-3 text-sm">
                  <div className="h-2 rounded bg-red-400" style={{ width: `${Math.max(2, (r.count / reasons[0]!.count) * 40)}%` }} aria-hidden />
                  <span className="tabular-nums font-semibold">{formatCount(r.count)}</span>
                  <span className="truncate text-slate-700">{r.reason}</span>
                </li>
              ))}
            </ul>
          </Panel>
          <Panel title="Recent" subtitle={items.length < total ? `Newest ${items.length} of ${formatCount(total)}` : undefined}>
            <DeadLetterTable items={items} />
          </Panel>
        </>
      )}
    </div>
  );
}
