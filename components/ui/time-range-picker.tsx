"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { PRESET_LABELS, PRESET_MS, RANGE_PRESETS, type TimeRange } from "@/lib/ui/time-range";

const toInput = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/**
 * The global time range: presets as chips and a custom from/to (UTC), written to the URL so a link
 * keeps it. With `anyTime`, a first chip clears the range (`range` null: no time filter); `resetParams`
 * are dropped from the URL on every change (a page's "show more").
 */
export function TimeRangePicker({
  range,
  presets = RANGE_PRESETS,
  allowCustom = true,
  anyTime = false,
  resetParams = [],
}: {
  range: Pick<TimeRange, "key" | "from" | "to"> | null;
  presets?: readonly (typeof RANGE_PRESETS)[number][];
  allowCustom?: boolean;
  anyTime?: boolean;
  resetParams?: readonly string[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [custom, setCustom] = useState(range?.key === "custom");
  // Without a range the custom fields start at the last day, as the server renders it; the user edits them.
  const [initial] = useState(() => range ?? { from: Date.now() - PRESET_MS["24h"], to: Date.now() });
  const [from, setFrom] = useState(toInput(initial.from));
  const [to, setTo] = useState(toInput(initial.to));

  const go = (next: Record<string, string>) => {
    const params = new URLSearchParams(search.toString());
    for (const k of ["range", "from", "to", ...resetParams]) params.delete(k);
    for (const [k, v] of Object.entries(next)) params.set(k, v);
    router.push(`${pathname}?${params.toString()}`);
  };
  const chip = (active: boolean) => `rounded-md px-2.5 py-1 text-sm ${active ? "bg-slate-900 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50"}`;

  return (
    <div data-testid="time-range" className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Time range">
      {anyTime && (
        <button type="button" aria-pressed={range === null} className={chip(range === null)} onClick={() => go({})}>
          Any time
        </button>
      )}
      {presets.map((p) => (
        <button key={p} type="button" aria-pressed={range?.key === p} className={chip(range?.key === p)} onClick={() => go({ range: p })} title={PRESET_LABELS[p]}>
          {p}
        </button>
      ))}
      {allowCustom && (
        <button type="button" aria-pressed={range?.key === "custom"} className={chip(range?.key === "custom" || custom)} onClick={() => setCustom((c) => !c)}>
          Custom
        </button>
      )}
      {allowCustom && custom && (
        <form
          className="flex flex-wrap items-center gap-1.5 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            go({ from: new Date(`${from}:00Z`).toISOString(), to: new Date(`${to}:00Z`).toISOString() });
          }}
        >
          <label className="flex items-center gap-1 text-slate-600">
            from
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} className="rounded-md border border-slate-300 px-2 py-0.5" />
          </label>
          <label className="flex items-center gap-1 text-slate-600">
            to
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} className="rounded-md border border-slate-300 px-2 py-0.5" />
          </label>
          <span className="text-xs text-slate-500">UTC</span>
          <button type="submit" className="rounded-md bg-indigo-600 px-2.5 py-1 text-white hover:bg-indigo-500">
            Apply
          </button>
        </form>
      )}
    </div>
  );
}
