"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatClock, formatCount, formatUtc } from "@/lib/ui/format";
import type { MinuteSeries } from "@/lib/ui/minute-series";
import { systemColor } from "@/lib/ui/system-colors";

/** Events per minute stacked by source system: a silent system shows as its band thinning out. */
export function EventsChart({ series }: { series: MinuteSeries }) {
  return (
    <div className="h-72 w-full" role="img" aria-label={`Events per minute by system: ${series.systems.join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={series.points} margin={{ top: 4, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="minute" tickFormatter={formatClock} minTickGap={40} tick={{ fontSize: 12, fill: "#64748b" }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#64748b" }} />
          <Tooltip labelFormatter={(label) => formatUtc(String(label))} formatter={(value) => formatCount(Number(value))} />
          <Legend iconType="square" wrapperStyle={{ fontSize: 12 }} />
          {series.systems.map((system) => (
            <Area key={system} type="monotone" dataKey={system} stackId="events" stroke={systemColor(system)} fill={systemColor(system)} fillOpacity={0.35} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
