import Link from "next/link";
import type { PipelineStatus } from "@/lib/queries/get-pipeline";
import { formatCount, formatCountOf, formatDuration } from "@/lib/ui/format";
import { statusLabel } from "@/lib/ui/status-labels";

function Item({ label, value, hint, tone, children }: { label: string; value: string; hint?: string; tone?: "bad" | "warn"; children?: React.ReactNode }) {
  const color = tone === "bad" ? "text-red-600" : tone === "warn" ? "text-amber-700" : "text-slate-900";
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`text-sm font-semibold tabular-nums ${color}`}>
        {value}
        {children}
      </dd>
      {hint && <dd className="text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}

/**
 * Lotline's own ingest pipeline: is data arriving, how fresh, how far behind, what was refused.
 * Only for the roles that run it (system:read); the overview's failures are the plants' integrations.
 */
export function PipelineStrip({ pipeline }: { pipeline: PipelineStatus }) {
  const { kafka } = pipeline;
  const fresh = pipeline.freshnessP95Ms;
  return (
    <section aria-label="Ingest pipeline" className="rounded-xl border border-slate-200 bg-white px-5 py-3 shadow-sm">
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6" data-testid="pipeline-strip">
        <Item label="Ingest rate now" value={`${formatCount(pipeline.eventsPerSecond)} events/s`} />
        <Item label="Freshness p95, last minute (event → queryable)" value={fresh === null ? "–" : formatDuration(fresh)} tone={fresh !== null && fresh > 2_000 ? "warn" : undefined} />
        <Item label="Kafka" value={kafka ? statusLabel(kafka.state) : "not configured"} tone={kafka?.state === "backing-off" ? "bad" : undefined} />
        <Item label="Consumer lag" value={kafka ? formatCountOf(kafka.lag, "message") : "–"} tone={kafka && kafka.lag > 10_000 ? "warn" : undefined} />
        <Item label="Ingest errors, last hour" hint="Events Lotline refused at the door (malformed or invalid), never stored" value={formatCount(pipeline.deadLettersLastHour)} tone={pipeline.deadLettersLastHour > 0 ? "warn" : undefined}>
          {pipeline.deadLettersLastHour > 0 && (
            <Link href="/ingest-errors" className="ml-2 text-xs font-normal text-indigo-700 hover:underline">
              view
            </Link>
          )}
        </Item>
        <Item label="Last write error" value={pipeline.lastError ?? kafka?.lastError ?? "none"} tone={pipeline.lastError ? "bad" : undefined} />
      </dl>
    </section>
  );
}
