import { StatusBadge } from "@/components/ui/status-badge";
import type { LotState } from "@/lib/lots/lot-state";

const systemsText = (s: Pick<LotState, "blockedIn" | "releasedIn">) =>
  [...s.blockedIn.map((b) => `${b.system}: ${b.status}`), ...(s.releasedIn.length > 0 ? [`released in ${s.releasedIn.join(", ")}`] : [])].join(" · ");

/**
 * A lot's current standing where lots are listed: rejected, held or released (with the systems'
 * words as its title), the newest word when no system took a position, and "divergent" beside it.
 */
export function LotStateBadges({ state, restricted = false }: { state: Pick<LotState, "standing" | "divergent" | "status"> & Partial<Pick<LotState, "blockedIn" | "releasedIn">>; restricted?: boolean }) {
  if (restricted) return <span className="text-xs italic text-slate-500">other plant</span>;
  const title = state.blockedIn && state.releasedIn ? systemsText({ blockedIn: state.blockedIn, releasedIn: state.releasedIn }) : state.status;
  return (
    <span data-testid="lot-state" data-standing={state.standing} data-divergent={state.divergent ? "true" : undefined} className="inline-flex flex-wrap items-center gap-1">
      {state.standing !== "unknown" ? <StatusBadge status={state.standing} title={title} /> : state.status !== "" && <StatusBadge status={state.status} />}
      {state.divergent && <StatusBadge status="divergent" title={title} />}
    </span>
  );
}
