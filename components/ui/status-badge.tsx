import { statusLabel } from "@/lib/ui/status-labels";

const STYLES: Record<string, string> = {
  ok: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  recovered: "bg-amber-50 text-amber-800 ring-amber-600/20",
  retrying: "bg-amber-50 text-amber-800 ring-amber-600/20",
  pending: "bg-sky-50 text-sky-700 ring-sky-600/20",
  failed: "bg-red-50 text-red-700 ring-red-600/20",
  dead_lettered: "bg-red-100 text-red-800 ring-red-700/30",
  succeeded: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  running: "bg-sky-50 text-sky-700 ring-sky-600/20",
  sending: "bg-sky-50 text-sky-700 ring-sky-600/20",
  awaiting_approval: "bg-amber-50 text-amber-800 ring-amber-600/20",
  cancelling: "bg-amber-50 text-amber-800 ring-amber-600/20",
  rejected: "bg-red-100 text-red-800 ring-red-700/30",
  held: "bg-red-50 text-red-700 ring-red-600/20",
  released: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  divergent: "bg-amber-50 text-amber-800 ring-amber-600/20",
  input_rejected: "bg-red-100 text-red-800 ring-red-700/30",
  output_rejected: "bg-red-100 text-red-800 ring-red-700/30",
  inspection_failed: "bg-red-100 text-red-800 ring-red-700/30",
  input_held: "bg-red-50 text-red-700 ring-red-600/20",
  output_held: "bg-red-50 text-red-700 ring-red-600/20",
};

export function StatusBadge({ status, title, testId }: { status: string; title?: string; testId?: string }) {
  return (
    <span title={title} data-testid={testId} data-status={testId ? status : undefined} className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status] ?? "bg-slate-50 text-slate-700 ring-slate-500/20"}`}>
      {statusLabel(status)}
    </span>
  );
}
