import Link from "next/link";
import type { OpenBreach } from "@/lib/slas/queries/open-breaches";
import { formatAgo, formatDuration } from "@/lib/ui/format";
import { EmptyState } from "@/components/ui/panel";

const KIND_LABELS: Record<OpenBreach["kind"], string> = { end_to_end: "end to end", stage: "stage", missing_response: "no response", volume: "volume", burn_rate: "burn rate" };

/** Open breaches, burn-rate alerts first; each opens the trace it is about, when it is about one. */
export function BreachList({ breaches, now }: { breaches: OpenBreach[]; now: number }) {
  if (breaches.length === 0) return <EmptyState title="No open breaches">Every SLA and budget in your plants is within its target.</EmptyState>;
  return (
    <ul data-testid="open-breaches" className="max-h-96 divide-y divide-slate-100 overflow-y-auto text-sm">
      {breaches.map((b) => (
        <li key={b.breachId} data-testid="open-breach" data-kind={b.kind} className="flex flex-wrap items-center gap-2 py-1.5">
          <span className={`rounded px-1.5 py-0.5 text-[10px] font-semibold uppercase ${b.kind === "burn_rate" ? "bg-red-700 text-white" : b.severity === "critical" ? "bg-red-100 text-red-800" : "bg-amber-100 text-amber-900"}`}>{KIND_LABELS[b.kind]}</span>
          <span className="min-w-0 flex-1 truncate" title={b.summary}>
            {b.correlationId ? (
              <Link className="text-indigo-700 hover:underline" href={`/trace/${encodeURIComponent(b.correlationId)}`}>
                {b.summary}
              </Link>
            ) : (
              b.summary
            )}
          </span>
          <span className="text-xs text-slate-500">{b.plant || "all plants"}</span>
          <span className="w-40 text-right text-xs tabular-nums text-slate-500">
            due {formatAgo(b.startedAt, now)}
            {b.overByMs > 0 && ` · +${formatDuration(b.overByMs)}`}
          </span>
        </li>
      ))}
    </ul>
  );
}
