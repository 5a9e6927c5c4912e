import Link from "next/link";
import type { InboxPage } from "@/lib/exceptions/inbox-query";
import { formatCount, formatCountOf } from "@/lib/ui/format";
import { EmptyState } from "@/components/ui/panel";
import { StateChip } from "./state-chip";

/** The overview's failures: the groups that need action most recently, each a link into the inbox, which opens with the same plant and system. */
export function TopExceptions({ page, filter }: { page: InboxPage; filter: { plant?: string; system?: string } }) {
  const inbox = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === "string")).toString();
  if (page.items.length === 0) return <EmptyState title="No exception needs action">Failed messages, breaches and dead letters appear in the inbox as they happen.</EmptyState>;
  return (
    <div className="space-y-2" data-testid="top-exceptions">
      <ul className="divide-y divide-slate-100 text-sm">
        {page.items.map((g) => (
          <li key={g.id} className="flex items-center gap-3 py-1.5">
            <StateChip state={g.state} />
            {/* On a phone the hand-off goes under the error, which keeps the width to be read. */}
            <div className="min-w-0 flex-1 sm:flex sm:items-center sm:gap-3">
              <Link href={`/exceptions/${g.id}`} className="block truncate text-indigo-700 hover:underline sm:min-w-0 sm:flex-1" title={g.signature}>{g.template}</Link>
              <span className="block truncate text-xs text-slate-500">{[g.from && g.to ? `${g.from}→${g.to}` : "", g.interface].filter(Boolean).join(" · ")}</span>
            </div>
            <span className="w-14 text-right tabular-nums">{formatCount(g.count)}</span>
          </li>
        ))}
      </ul>
      <Link href={inbox ? `/exceptions?${inbox}` : "/exceptions"} className="text-sm font-medium text-indigo-700 hover:underline">All {formatCountOf(page.total, "group")} needing action →</Link>
    </div>
  );
}
