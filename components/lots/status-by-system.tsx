import { SystemTag } from "@/components/ui/system-tag";
import type { SystemStatus } from "@/lib/lots/divergence";
import { formatAgo, formatUtc } from "@/lib/ui/format";
import { statusLabel } from "@/lib/ui/status-labels";

/** The four systems a lot lives in, always shown so a missing one is visible; others follow. */
const CORE_SYSTEMS = ["ERP", "QMS", "MES", "WMS"];

const TONES = {
  blocked: "border-red-300 bg-red-50",
  released: "border-emerald-300 bg-emerald-50",
  none: "border-slate-200 bg-white",
} as const;

export function StatusBySystem({ statuses, now }: { statuses: Record<string, SystemStatus>; now: number }) {
  const systems = [...CORE_SYSTEMS, ...Object.keys(statuses).filter((s) => !CORE_SYSTEMS.includes(s)).sort()];
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-6">
      {systems.map((system) => {
        const s = statuses[system];
        return (
          <div key={system} data-testid="system-status" data-system={system} className={`rounded-lg border p-3 ${TONES[s?.position ?? "none"]}`}>
            <SystemTag system={system} />
            {s ? (
              <>
                <p className={`mt-1 text-lg font-semibold ${s.position === "blocked" ? "text-red-700" : s.position === "released" ? "text-emerald-800" : "text-slate-900"}`} title={s.status}>{statusLabel(s.status)}</p>
                <p className="text-xs text-slate-600" title={formatUtc(s.since, true)}>
                  since {formatAgo(s.since, now)}
                </p>
              </>
            ) : (
              <p className="mt-1 text-sm text-slate-600">no status reported</p>
            )}
          </div>
        );
      })}
    </div>
  );
}
