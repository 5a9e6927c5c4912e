export function KpiTile({ label, value, hint, testId, tone = "default" }: { label: string; value: string; hint?: string; testId: string; tone?: "default" | "bad" }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p data-testid={testId} className={`mt-1 text-3xl font-semibold tabular-nums ${tone === "bad" ? "text-red-600" : "text-slate-900"}`}>
        {value}
      </p>
      {hint && <p className="mt-0.5 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}
