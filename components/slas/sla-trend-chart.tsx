"use client";

import { useState } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendRow } from "@/lib/slas/views/sla-summary";
import { formatCount } from "@/lib/ui/format";

// Okabe–Ito plus two: told apart with the common colour-vision deficiencies.
const SERIES_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#7F7F7F"];
const BREACHES = "breached";

/** Attainment per day and workflow as lines, breaches per day as bars; a legend click hides or shows a series. */
export function SlaTrendChart({ rows, series }: { rows: TrendRow[]; series: { key: string; name: string }[] }) {
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const toggle = (key: string) => setHidden((h) => (h.has(key) ? new Set([...h].filter((k) => k !== key)) : new Set([...h, key])));
  const names = new Map(series.map((s) => [s.key, s.name]));
  return (
    <div data-testid="sla-trend" className="h-80 w-full" role="img" aria-label={`SLA attainment per day for ${series.map((s) => s.name).join(", ")}, with breaches per day`}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} minTickGap={24} tick={{ fontSize: 12, fill: "#64748b" }} />
          <YAxis yAxisId="pct" domain={[0, 100]} unit=" %" tick={{ fontSize: 12, fill: "#64748b" }} />
          <YAxis yAxisId="n" orientation="right" allowDecimals={false} tick={{ fontSize: 12, fill: "#b91c1c" }} />
          <Tooltip
            labelFormatter={(label) => `${String(label)} (UTC day)`}
            formatter={(value, name) => (name === BREACHES || name === "Breached instances" ? [formatCount(Number(value)), "Breached instances"] : [`${Number(value).toFixed(1)} %`, names.get(String(name)) ?? String(name)])}
          />
          <Legend
            wrapperStyle={{ fontSize: 12, cursor: "pointer" }}
            onClick={(entry) => toggle(String((entry as { dataKey?: unknown }).dataKey))}
            formatter={(value: string) => <span style={{ opacity: hidden.has(value) ? 0.4 : 1 }}>{value === BREACHES ? "Breached instances" : (names.get(value) ?? value)}</span>}
          />
          <Bar yAxisId="n" dataKey={BREACHES} fill="#fca5a5" hide={hidden.has(BREACHES)} isAnimationActive={false} />
          {series.map((s, i) => (
            <Line key={s.key} yAxisId="pct" type="monotone" dataKey={s.key} stroke={SERIES_COLORS[i % SERIES_COLORS.length]} strokeWidth={2} dot={rows.length < 40} connectNulls hide={hidden.has(s.key)} isAnimationActive={false} />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
