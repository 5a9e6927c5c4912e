import type { StageLatencySummary } from "@/lib/slas/views/sla-summary";
import { formatDuration } from "@/lib/ui/format";
import { EmptyState } from "@/components/ui/panel";

/** p50 and p95 of each stage's own latency as bars on one scale per workflow, so the slow hand-off stands out. */
export function StageLatencyTable({ workflows }: { workflows: StageLatencySummary[] }) {
  if (workflows.length === 0) return <EmptyState title="No completed stages in this range" />;
  return (
    <div data-testid="stage-latency" className="grid gap-5 lg:grid-cols-2">
      {workflows.map((w) => {
        const max = Math.max(1, ...w.stages.map((s) => s.p95Ms));
        return (
          <div key={w.workflow}>
            <h3 className="mb-1 text-xs font-semibold text-slate-700">{w.name}</h3>
            <table className="w-full text-xs">
              <tbody>
                {w.stages.map((s) => (
                  <tr key={s.key}>
                    <td className="w-40 truncate py-0.5 pr-2 text-slate-600" title={`${s.samples} samples`}>
                      {s.label}
                    </td>
                    <td className="py-0.5">
                      <div className="relative h-3 rounded bg-slate-100" aria-hidden>
                        <div className="absolute inset-y-0 left-0 rounded bg-indigo-200" style={{ width: `${(s.p95Ms / max) * 100}%` }} />
                        <div className="absolute inset-y-0 left-0 rounded bg-indigo-600" style={{ width: `${(s.p50Ms / max) * 100}%` }} />
                      </div>
                    </td>
                    <td className="w-36 py-0.5 pl-2 text-right tabular-nums text-slate-700">
                      {formatDuration(s.p50Ms)} / {formatDuration(s.p95Ms)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
      <p className="text-xs text-slate-500 lg:col-span-2">
        <span className="mr-1 inline-block h-2 w-4 rounded bg-indigo-600 align-middle" /> p50 <span className="ml-3 mr-1 inline-block h-2 w-4 rounded bg-indigo-200 align-middle" /> p95, from the previous stage&apos;s completion
      </p>
    </div>
  );
}
