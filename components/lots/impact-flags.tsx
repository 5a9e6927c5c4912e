import { StatusBadge } from "@/components/ui/status-badge";
import type { ImpactFlag } from "@/lib/lots/lot-state";

/** The header badges of a lot or an order, worst first (lib/lots/lot-state.ts, impactFlags). */
export function ImpactFlags({ flags, titles = {} }: { flags: readonly ImpactFlag[]; titles?: Partial<Record<ImpactFlag, string>> }) {
  if (flags.length === 0) return null;
  return (
    <div data-testid="impact-flags" data-worst={flags[0]} className="mt-2 flex flex-wrap items-center gap-1.5">
      {flags.map((f) => (
        <StatusBadge key={f} status={f} title={titles[f]} testId="impact-flag" />
      ))}
    </div>
  );
}
