import { BUSINESS_TYPES } from "../workflows/catalog";
import { formatDuration, formatUtc } from "../ui/format";

/**
 * When an order completed: ERP's first final confirmation of it (`mfg.confirmation.posted`). A
 * confirmation flagged `finalConfirmation: false` is partial and leaves the order running.
 */
export function completedAt(events: readonly { type: string; time: string; payload: Record<string, unknown> }[]): string | null {
  return events.find((e) => e.type === BUSINESS_TYPES.confirmationPosted && e.payload.finalConfirmation !== false)?.time ?? null;
}

/** The order's age in its header: time since release while it runs, release to completion once complete (it stops counting). */
export function releaseFact(releasedAt: string | null, completed: string | null, now: number): { label: string; value: string; title?: string } {
  if (completed === null) return { label: "Since release", value: releasedAt ? formatDuration(now - Date.parse(releasedAt)) : "–" };
  if (releasedAt === null) return { label: "Completed", value: formatUtc(completed) };
  return { label: "Release to completion", value: formatDuration(Date.parse(completed) - Date.parse(releasedAt)), title: `Completed ${formatUtc(completed)}` };
}
