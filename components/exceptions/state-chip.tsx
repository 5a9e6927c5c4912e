import { QUALITY_RISK_TEXT, statusLabel } from "@/lib/ui/status-labels";

const STYLES: Record<string, string> = {
  new: "bg-red-50 text-red-700 ring-red-600/20",
  regressed: "bg-red-100 text-red-800 ring-red-700/30",
  acknowledged: "bg-amber-50 text-amber-800 ring-amber-600/20",
  assigned: "bg-sky-50 text-sky-700 ring-sky-600/20",
  snoozed: "bg-slate-100 text-slate-600 ring-slate-500/20",
  resolved: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  ignored: "bg-slate-50 text-slate-500 ring-slate-400/20",
};

export function StateChip({ state }: { state: string }) {
  return <span data-testid="state-chip" className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[state] ?? STYLES.ignored}`}>{statusLabel(state)}</span>;
}

const RISK_STYLES: Record<string, string> = {
  critical: "bg-red-600 text-white ring-red-700",
  high: "bg-orange-50 text-orange-800 ring-orange-600/30",
  normal: "bg-slate-50 text-slate-600 ring-slate-400/20",
  low: "bg-white text-slate-500 ring-slate-300",
};

/** The quality risk that ranks the group: a missing hold outranks a late analytics refresh. */
export function RiskChip({ risk }: { risk: string }) {
  return <span data-testid="risk-chip" title="Quality risk" className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${RISK_STYLES[risk] ?? RISK_STYLES.normal}`}>{QUALITY_RISK_TEXT[risk] ?? risk}</span>;
}
