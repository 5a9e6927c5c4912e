"use client";

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Occurrences per hour over the last day, oldest first. */
export function TrendSparkline({ trend, height = 24, axes = false }: { trend: number[]; height?: number; axes?: boolean }) {
  const data = trend.map((n, i) => ({ hour: i - trend.length + 1, n }));
  return (
    <div style={{ height, width: axes ? "100%" : 96 }} role="img" aria-label={`${trend.reduce((a, b) => a + b, 0)} in the last ${trend.length} hours`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
          {axes && <XAxis dataKey="hour" tickFormatter={(h: number) => (h === 0 ? "now" : `${h}h`)} fontSize={11} />}
          {axes && <YAxis allowDecimals={false} fontSize={11} width={32} />}
          {axes && <Tooltip formatter={(v) => [v, "occurrences"]} labelFormatter={(h) => (h === 0 ? "this hour" : `${-Number(h)} h ago`)} />}
          <Bar dataKey="n" fill="#6366f1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
