import Link from "next/link";
import type { InboxPage } from "@/lib/exceptions/inbox-query";
import { formatCount } from "@/lib/ui/format";
import { EmptyState } from "@/components/ui/panel";
import { StateChip } from "./state-chip";

/** The overview's failures: the groups that need action most recently, each a link into the inbox. */
export function TopExceptions({ page }: { page: InboxPage }) {
  if (page.items.length === 0) return <EmptyState title="No exception needs action">Failed messages, breaches and dead letters appear in the inbox as they happen.</EmptyState>;
  return (
    <div className="space-y-2" data-testid="top-exceptions">
      <ul className="divide-y divide-slate-100 text-sm">
        {page.items.map((g) => (
          <li key={g.id} className="flex items-center gap-3 py-1.5">
            <StateChip state={g.state} />
            <Link href={`/exceptions/${g.id}`} className="min-w-0 flex-1 truncate text-indigo-700 hover:underline" title={g.signature}>{g.template}</Link>
            <span className="text-xs text-slate-500">{[g.from && g.to ? `${g.from}→${g.to}` : "", g.interface].filter(Boolean).join(" · ")}</span>
            <span className="w-14 text-right tabular-nums">{formatCount(g.count)}</span>
          </li>
        ))}
      </ul>
      <Link href="/exceptions" className="text-sm font-medium text-indigo-700 hover:underline">All {formatCount(page.total)} groups needing action →</Link>
    </div>
  );
}
