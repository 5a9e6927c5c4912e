import type { Divergence, SystemStatus } from "@/lib/lots/divergence";
import { formatDuration, formatUtc } from "@/lib/ui/format";
import { statusLabel } from "@/lib/ui/status-labels";

const says = (systems: string[], statuses: Record<string, SystemStatus>) => systems.map((s) => `${s} says “${statuses[s] ? statusLabel(statuses[s].status) : "?"}”`).join(", ");

/** The warning a plant manager must not miss: one system blocks the lot while another releases it. */
export function DivergenceBanner({ divergence, statuses }: { divergence: Divergence; statuses: Record<string, SystemStatus> }) {
  if (!divergence.divergent || !divergence.since) return null;
  return (
    <div role="alert" data-testid="divergence-banner" className="rounded-xl border border-red-300 bg-red-50 px-5 py-4 text-red-900">
      <p className="font-semibold">
        Systems disagree for {formatDuration(divergence.durationMs)}: {says(divergence.blockedIn, statuses)} but {says(divergence.releasedIn, statuses)}.
      </p>
      <p className="mt-1 text-sm">
        Since {formatUtc(divergence.since)}. The lot may be used or shipped from {divergence.releasedIn.join(" and ")} while {divergence.blockedIn.join(" and ")} blocks it — check
        the hand-off between them below.
      </p>
    </div>
  );
}
