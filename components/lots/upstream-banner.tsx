import Link from "next/link";
import { LotStateBadges } from "@/components/lots/lot-state-badges";
import type { UpstreamImpact } from "@/lib/lots/upstream-impact";
import { formatCount } from "@/lib/ui/format";

/** Named one by one up to here; the genealogy table (held or rejected only) has every one. */
const LISTED = 12;

/**
 * The warning at the top of an object made from held or rejected material: how many of its input
 * lots (every lot it is made from, all levels back) are held or rejected, each linked.
 */
export function UpstreamBanner({ impact, subject }: { impact: UpstreamImpact; subject: string }) {
  const { summary, flagged, restricted, truncated } = impact;
  if (summary.heldOrRejected === 0) return null;
  const total = summary.lots + restricted;
  const parts = [summary.rejected > 0 && `${summary.rejected} rejected`, summary.held > 0 && `${summary.held} held`, summary.divergent > 0 && `${summary.divergent} where systems disagree`].filter(Boolean);
  return (
    <div role="alert" data-testid="upstream-banner" className="rounded-xl border border-red-300 bg-red-50 px-5 py-4 text-red-900">
      <p className="font-semibold">
        {formatCount(summary.heldOrRejected)} of {truncated ? "at least " : ""}
        {formatCount(total)} input lot{total === 1 ? "" : "s"} held or rejected
      </p>
      <p className="mt-1 text-sm">
        {subject} is made from them ({parts.join(", ")}){restricted > 0 && `; ${formatCount(restricted)} input lot${restricted === 1 ? " belongs" : "s belong"} to plants outside your scope and ${restricted === 1 ? "is" : "are"} not judged here`}. Check
        before it is used or shipped.
      </p>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1.5 text-sm">
        {flagged.slice(0, LISTED).map((l) => (
          <li key={l.lotId} data-testid="upstream-lot" className="flex items-center gap-1.5">
            <Link href={`/lots/${encodeURIComponent(l.lotId)}`} className="font-mono text-xs font-medium text-red-900 underline hover:no-underline">
              {l.lotId}
            </Link>
            <LotStateBadges state={l.state} />
            <span className="text-xs text-red-800">{l.depth === 0 ? "consumed here" : `${l.depth} level${l.depth === 1 ? "" : "s"} back`}</span>
          </li>
        ))}
        {flagged.length > LISTED && <li className="text-xs text-red-800">and {formatCount(flagged.length - LISTED)} more — the genealogy table lists every one (held or rejected only).</li>}
      </ul>
    </div>
  );
}
