import { formatDuration } from "@/lib/ui/format";
import { statusLabel } from "@/lib/ui/status-labels";
import { systemColor } from "@/lib/ui/system-colors";
import type { WaterfallInput } from "@/lib/ui/waterfall";
import { layoutWaterfall } from "@/lib/ui/waterfall";

/** One lane per system; bars at their offset, as wide as their duration; red for failures. */
export function TraceWaterfall({ steps }: { steps: WaterfallInput[] }) {
  const { lanes, ticks, totalMs } = layoutWaterfall(steps);
  return (
    <div className="space-y-1" aria-label={`Waterfall over ${formatDuration(totalMs)}`}>
      <div className="relative ml-22 h-5 text-[11px] text-slate-500 sm:ml-32">
        {ticks.map((t, i) => (
          // A phone has room for the start and the end only; the labels between would overlap.
          <span key={t.at} className={`absolute -translate-x-1/2 whitespace-nowrap first:translate-x-0 last:-translate-x-full ${i === 0 || i === ticks.length - 1 ? "" : "hidden sm:inline"}`} style={{ left: `${t.at}%` }}>
            +{formatDuration(t.label)}
          </span>
        ))}
      </div>
      {lanes.map((lane) => (
        <div key={lane.system} className="flex items-center gap-2" data-testid="waterfall-lane">
          <div className="w-20 shrink-0 truncate text-right text-xs font-medium text-slate-600 sm:w-30">{lane.system}</div>
          <div className="relative h-7 flex-1 rounded bg-slate-50 ring-1 ring-slate-100">
            {ticks.slice(1, -1).map((t) => (
              <span key={t.at} className="absolute inset-y-0 w-px bg-slate-200" style={{ left: `${t.at}%` }} aria-hidden />
            ))}
            {lane.bars.map((bar) => (
              <a
                key={bar.id}
                href={`#ev-${bar.id}`}
                title={`${bar.type} · ${statusLabel(bar.status)} · +${formatDuration(bar.offsetMs)}${bar.durationMs > 0 ? ` · took ${formatDuration(bar.durationMs)}` : ""}`}
                className={`absolute top-1 bottom-1 rounded-sm hover:ring-2 hover:ring-slate-900/40 ${bar.failed ? "bg-red-500" : bar.status === "retrying" ? "bg-amber-400" : ""}`}
                style={{ left: `${bar.left}%`, width: `${bar.width}%`, minWidth: 4, ...(bar.failed || bar.status === "retrying" ? {} : { backgroundColor: systemColor(lane.system) }) }}
              >
                <span className="sr-only">
                  {bar.type} {statusLabel(bar.status)}
                </span>
              </a>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
