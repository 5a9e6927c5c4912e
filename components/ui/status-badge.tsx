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
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status] ?? "bg-slate-50 text-slate-700 ring-slate-500/20"}`}>
      {statusLabel(status)}
    </span>
  );
}
