import { ALERT_STATUS_TEXT, statusLabel } from "@/lib/ui/status-labels";

const TONES = {
  red: "bg-red-50 text-red-700 ring-red-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  sky: "bg-sky-50 text-sky-700 ring-sky-600/20",
  slate: "bg-slate-50 text-slate-700 ring-slate-500/20",
} as const;

export function Badge({ tone, children, title }: { tone: keyof typeof TONES; children: React.ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center whitespace-nowrap rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}

const STATUS_TONE: Record<string, keyof typeof TONES> = { firing: "red", pending: "amber", silenced: "slate", resolving: "amber", resolved: "green", active: "sky", expired: "slate" };

export function StateBadge({ status, title }: { status: string; title?: string }) {
  return (
    <Badge tone={STATUS_TONE[status] ?? "slate"} title={title}>
      {ALERT_STATUS_TEXT[status] ?? statusLabel(status)}
    </Badge>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={severity === "critical" ? "red" : "amber"}>{severity}</Badge>;
}

export const KIND_LABELS: Record<string, string> = { sla_breach: "SLA breach", burn_rate: "Error-budget burn", non_event: "Non-event" };
