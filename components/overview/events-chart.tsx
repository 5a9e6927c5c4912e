"use client";

import { useState } from "react";
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { formatClock, formatCount, formatCountOf, formatUtc } from "@/lib/ui/format";
import type { MinutePoint, MinuteSeries } from "@/lib/ui/minute-series";
import { FAILURE_COLOR, systemColor } from "@/lib/ui/system-colors";

const FAILURES = "failures";
const AXIS_TICK = { fontSize: 12, fill: "#475569" };

/**
 * Events per minute stacked by reporting system (a silent system shows as its band thinning out),
 * with the failures per minute as a red line on its own scale: a few failures stay visible beside
 * thousands of events. Each legend entry hides or shows its series; hovering, or the arrow keys on
 * the focused chart, show one minute's counts.
 */
export function EventsChart({ series }: { series: MinuteSeries }) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) => setHidden((h) => (h.has(key) ? new Set([...h].filter((k) => k !== key)) : new Set([...h, key])));
  const shown = series.systems.filter((s) => !hidden.has(s));
  const failuresShown = !hidden.has(FAILURES);

  return (
    <div className="space-y-3">
      <div className="flex justify-between text-xs text-slate-600" aria-hidden>
        <span>events / min</span>
        {failuresShown && <span className="font-medium text-red-700">failures / min</span>}
      </div>
      <div data-testid="events-chart" className="h-72 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={series.points} margin={{ top: 4, right: 0, bottom: 0, left: -12 }} title="Events per minute by system, with failures per minute" aria-label="Events per minute by system, with failures per minute; use the arrow keys to read one minute">
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="minute" tickFormatter={formatClock} minTickGap={40} tick={AXIS_TICK} />
            <YAxis yAxisId="events" allowDecimals={false} tick={AXIS_TICK} />
            <YAxis yAxisId={FAILURES} orientation="right" allowDecimals={false} tick={{ ...AXIS_TICK, fill: "#b91c1c" }} width={36} hide={!failuresShown} />
            <Tooltip content={(props) => <MinuteTooltip {...props} systems={shown} failuresShown={failuresShown} />} isAnimationActive={false} />
            {series.systems.map((system) => (
              <Area
                key={system}
                yAxisId="events"
                type="monotone"
                dataKey={system}
                name={system}
                stackId="events"
                stroke={systemColor(system)}
                fill={systemColor(system)}
                fillOpacity={0.85}
                hide={hidden.has(system)}
                isAnimationActive={false}
              />
            ))}
            <Line yAxisId={FAILURES} type="monotone" dataKey={FAILURES} name="Failures" stroke={FAILURE_COLOR} strokeWidth={2} dot={false} hide={!failuresShown} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ul aria-label="Series: press to hide or show" className="flex flex-wrap gap-1.5 text-xs">
        {series.systems.map((system) => (
          <LegendItem key={system} id={system} label={system} total={series.totals.bySystem[system] ?? 0} hidden={hidden.has(system)} onToggle={toggle}>
            <span className="h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: systemColor(system) }} />
          </LegendItem>
        ))}
        <LegendItem id={FAILURES} label="Failures" total={series.totals.failures} hidden={!failuresShown} onToggle={toggle}>
          <span className="h-0.5 w-3 rounded" style={{ backgroundColor: FAILURE_COLOR }} />
        </LegendItem>
      </ul>
    </div>
  );
}

function LegendItem({ id, label, total, hidden, onToggle, children }: { id: string; label: string; total: number; hidden: boolean; onToggle: (id: string) => void; children: React.ReactNode }) {
  return (
    <li>
      <button
        type="button"
        data-testid="chart-legend-item"
        data-series={id}
        aria-pressed={!hidden}
        title={hidden ? `Show ${label}` : `Hide ${label}`}
        onClick={() => onToggle(id)}
        className={`inline-flex items-center gap-1.5 rounded-md px-2 py-1 ring-1 ring-inset ${hidden ? "bg-slate-100 text-slate-600 ring-slate-200 line-through" : "bg-white text-slate-800 ring-slate-300 hover:bg-slate-50"}`}
      >
        <span aria-hidden className="inline-flex">{children}</span>
        <span className="font-medium">{label}</span>
        <span className="tabular-nums text-slate-600">{formatCount(total)}</span>
      </button>
    </li>
  );
}

function MinuteTooltip({ active, payload, systems, failuresShown }: TooltipContentProps & { systems: string[]; failuresShown: boolean }) {
  const point = payload[0]?.payload as MinutePoint | undefined;
  if (!active || !point) return null;
  const rows = systems.map((s) => ({ system: s, events: Number(point[s] ?? 0) })).sort((a, b) => b.events - a.events);
  const total = rows.reduce((sum, r) => sum + r.events, 0);
  return (
    <div data-testid="chart-tooltip" className="min-w-44 rounded-lg border border-slate-200 bg-white px-3 py-2 text-xs shadow-md">
      <p className="font-semibold text-slate-900">{formatUtc(point.minute)}</p>
      <table className="mt-1 w-full">
        <tbody>
          {rows.map((r) => (
            <tr key={r.system}>
              <td className="py-0.5 pr-3">
                <span className="inline-flex items-center gap-1.5 text-slate-700">
                  <span aria-hidden className="h-2 w-2 rounded-sm" style={{ backgroundColor: systemColor(r.system) }} />
                  {r.system}
                </span>
              </td>
              <td className="py-0.5 text-right tabular-nums text-slate-900">{formatCount(r.events)}</td>
            </tr>
          ))}
          <tr className="border-t border-slate-200">
            <td className="pt-1 pr-3 font-medium text-slate-700">All shown</td>
            <td className="pt-1 text-right font-medium tabular-nums text-slate-900">{formatCountOf(total, "event")}</td>
          </tr>
          {failuresShown && (
            <tr data-testid="chart-tooltip-failures">
              <td className="pr-3 font-medium text-red-700">Failures</td>
              <td className="text-right font-medium tabular-nums text-red-700">{formatCount(point.failures)}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
