import Link from "next/link";
import { notFound } from "next/navigation";
import { DivergenceBanner } from "@/components/lots/divergence-banner";
import { ImpactFlags } from "@/components/lots/impact-flags";
import { UpstreamBanner } from "@/components/lots/upstream-banner";
import { LotReplayButton } from "@/components/lots/lot-replay-button";
import { GenealogyExplorer } from "@/components/lots/genealogy-explorer";
import { StatusBySystem } from "@/components/lots/status-by-system";
import { EventsTable } from "@/components/events/events-table";
import { CopyLinkButton } from "@/components/ui/copy-link-button";
import { EmptyState, Panel } from "@/components/ui/panel";
import { SystemTag } from "@/components/ui/system-tag";
import { okOrInterrupt, requirePageActor } from "@/lib/auth/page-guard";
import { hasPermission } from "@/lib/auth/roles";
import { appDeps } from "@/server/runtime";
import { lotKindLabel } from "@/lib/lots/lot-kind";
import { getLotView } from "@/lib/lots/lot-view";
import { impactFlags, lotStateOf } from "@/lib/lots/lot-state";
import { getUpstreamImpact } from "@/lib/lots/upstream-impact";
import { businessIdSchema } from "@/lib/queries/get-trace";
import { tracesForKey } from "@/lib/queries/traces-for-key";
import { formatAgo, formatCount, formatUtc } from "@/lib/ui/format";
import { statusLabel } from "@/lib/ui/status-labels";
import { workflowTriggeredBy } from "@/lib/workflows/workflow-state";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Lot ${decodeURIComponent((await params).id)}` };
}

export default async function LotPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const deps = await appDeps();
  const actor = await requirePageActor(deps.db, `/lots/${encodeURIComponent(id)}`);
  const parsed = businessIdSchema("a lot id").safeParse(id);
  if (!parsed.success) notFound();
  // A server component renders once per request: "now" is the moment of this view.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();
  const [result, traces, upstream] = await Promise.all([
    getLotView(deps.clickhouse, actor, parsed.data, now),
    tracesForKey(deps.clickhouse, "lot", parsed.data, actor.plants, 50),
    getUpstreamImpact(deps.clickhouse, actor.plants, [parsed.data], { rootsAreInputs: false }),
  ]);
  const { lot } = okOrInterrupt(result);
  const own = lotStateOf(lot.history);
  const flags = impactFlags({ own, inputs: upstream.summary });
  const kindLabel = lotKindLabel(lot);
  const href = `/lots/${encodeURIComponent(lot.lotId)}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{kindLabel}</p>
          <h1 data-testid="lot-heading" className="break-all font-mono text-2xl font-semibold">
            {lot.lotId}
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            {lot.isShipment ? <>to {lot.customer || "an unnamed customer"}</> : <>{lot.item || "item not reported"}{lot.description && ` · ${lot.description}`}</>}
            {" · "}plant {lot.plant || "–"}
            {lot.quantity > 0 && <> · {formatCount(lot.quantity)} {lot.uom}</>}
          </p>
          <ImpactFlags
            flags={flags}
            titles={{
              rejected: own.blockedIn.map((b) => `${b.system}: ${b.status}`).join(" · "),
              held: own.blockedIn.map((b) => `${b.system}: ${b.status}`).join(" · "),
              divergent: `blocked in ${own.blockedIn.map((b) => b.system).join(", ")}, released in ${own.releasedIn.join(", ")}`,
              input_rejected: `${upstream.summary.rejected} input lot${upstream.summary.rejected === 1 ? "" : "s"} rejected`,
              input_held: `${upstream.summary.held} input lot${upstream.summary.held === 1 ? "" : "s"} held`,
            }}
          />
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href={`${href}/evidence`} className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
            Recall evidence
          </Link>
          <a href={`/api/v1/lots/${encodeURIComponent(lot.lotId)}/evidence`} className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
            Download evidence (zip)
          </a>
          {hasPermission(actor.role, "replay") && <LotReplayButton lotId={lot.lotId} />}
          <CopyLinkButton />
        </div>
      </div>

      <UpstreamBanner impact={upstream} subject={lot.isShipment ? "This shipment" : "This lot"} />
      <DivergenceBanner divergence={lot.divergence} statuses={lot.statusBySystem} />

      <dl className="grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-5 text-sm shadow-sm md:grid-cols-3 xl:grid-cols-6">
        <Fact label="First seen" value={formatUtc(lot.firstSeen)} />
        <Fact label="Last seen" value={formatAgo(lot.lastSeen, now)} title={formatUtc(lot.lastSeen, true)} />
        {lot.supplier && <Fact label="Supplier" value={lot.supplier} />}
        {lot.supplierLot && <Fact label="Supplier's lot" value={lot.supplierLot} mono />}
        {lot.producedByOrder && (
          <div>
            <dt className="text-xs text-slate-500">Produced by order</dt>
            <dd className="mt-1">
              <Link href={`/orders/${encodeURIComponent(lot.producedByOrder)}`} className="font-mono text-indigo-700 hover:underline">
                {lot.producedByOrder}
              </Link>
            </dd>
          </div>
        )}
        <Fact label="Events" value={formatCount(lot.events.length)} />
        <Fact label="Traces" value={formatCount(traces.length)} />
      </dl>

      <Panel title="Status in each system" subtitle="The latest status each system reported for this lot, and since when.">
        <StatusBySystem statuses={lot.statusBySystem} now={now} />
      </Panel>

      <Panel title="Genealogy" subtitle="Where the material came from and where it went: select a lot, expand at the edge, double-click to open it.">
        <GenealogyExplorer lotId={lot.lotId} />
      </Panel>

      <div className="grid gap-6 xl:grid-cols-[2fr_3fr]">
        <Panel title="Traces that carried this lot" subtitle="Each correlation id is one workflow instance across systems.">
          {traces.length === 0 ? (
            <EmptyState title="No traces" />
          ) : (
            <ul data-testid="lot-traces" tabIndex={0} aria-label="Traces of this lot" className="max-h-[28rem] divide-y divide-slate-100 overflow-auto pr-1">
              {traces.map((t) => (
                <li key={t.correlationId} className="py-2">
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <Link href={`/trace/${encodeURIComponent(t.correlationId)}`} data-testid="lot-trace-link" className="font-mono text-xs text-indigo-700 hover:underline">
                      {t.correlationId}
                    </Link>
                    <span className="font-medium text-slate-700">{workflowTriggeredBy(t.trigger) ?? ""}</span>
                    <span className="ml-auto text-xs text-slate-500" title={formatUtc(t.lastSeen, true)}>
                      {formatAgo(t.lastSeen, now)}
                    </span>
                  </div>
                  <div className="mt-1 flex flex-wrap items-center gap-3 text-xs text-slate-500">
                    {t.systems.map((s) => (
                      <SystemTag key={s} system={s} />
                    ))}
                    <span>
                      {t.events} event{t.events === 1 ? "" : "s"}
                      {t.failures > 0 && <span className="font-medium text-red-600"> · {t.failures} failed</span>}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Panel>
        <Panel title="Lot timeline" subtitle="Every event that names this lot, newest first.">
          <EventsTable events={lot.events} keyColumn="order" testId="lot-events" />
        </Panel>
      </div>

      <Panel title="Status history" subtitle="Every status change per system, oldest first.">
        {lot.history.length === 0 ? (
          <EmptyState title="No system reported a status for this lot" />
        ) : (
          <ol tabIndex={0} aria-label="Status changes" className="max-h-80 space-y-1 overflow-auto text-sm">
            {lot.history.map((h, i) => (
              <li key={`${h.time}:${h.system}:${i}`} className="flex items-center gap-3">
                <span className="w-60 shrink-0 whitespace-nowrap font-mono text-xs text-slate-500">{formatUtc(h.time, true)}</span>
                <span className="w-28 shrink-0">
                  <SystemTag system={h.system} />
                </span>
                <span title={h.status}>{statusLabel(h.status)}</span>
              </li>
            ))}
          </ol>
        )}
      </Panel>
    </div>
  );
}

function Fact({ label, value, title, mono }: { label: string; value: string; title?: string; mono?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`mt-1 truncate font-medium ${mono ? "font-mono" : ""}`} title={title ?? value}>
        {value}
      </dd>
    </div>
  );
}
