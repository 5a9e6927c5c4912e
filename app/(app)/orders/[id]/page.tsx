import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyLinkButton } from "@/components/ui/copy-link-button";
import { EmptyState, Panel } from "@/components/ui/panel";
import { EventsTable } from "@/components/events/events-table";
import { ImpactFlags } from "@/components/lots/impact-flags";
import { LotStateBadges } from "@/components/lots/lot-state-badges";
import { UpstreamBanner } from "@/components/lots/upstream-banner";
import { StatusBadge } from "@/components/ui/status-badge";
import { SystemTag } from "@/components/ui/system-tag";
import { WorkflowSteps } from "@/components/workflows/workflow-steps";
import { okOrInterrupt, requirePageActor } from "@/lib/auth/page-guard";
import { appDeps } from "@/server/runtime";
import { getOrderView, type OrderLot } from "@/lib/orders/order-view";
import { getOrderImpact } from "@/lib/orders/order-impact";
import type { LotStateEntry } from "@/lib/queries/get-lot-states";
import { businessIdSchema } from "@/lib/queries/get-trace";
import { formatCount, formatUtc } from "@/lib/ui/format";
import { releaseFact } from "@/lib/orders/order-timing";
import { loadViewDefinitions } from "@/lib/slas/view-definitions";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Order ${decodeURIComponent((await params).id)}` };
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const deps = await appDeps();
  const actor = await requirePageActor(deps.db, `/orders/${encodeURIComponent(id)}`);
  const parsed = businessIdSchema("an order id").safeParse(id);
  if (!parsed.success) notFound();
  // A server component renders once per request: "now" is the moment of this view.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();
  const result = await getOrderView(deps.clickhouse, await loadViewDefinitions(deps.db), actor, parsed.data, now);
  const { order } = okOrInterrupt(result);
  const failedHandOffs = order.workflows.filter((w) => w.outcome === "failed").length;
  const { upstream, outputs, consumedFlagged, inspectionsFailed, flags } = await getOrderImpact(deps.clickhouse, actor.plants, order);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Production order</p>
          <h1 data-testid="order-heading" className="break-all font-mono text-2xl font-semibold">
            {order.orderId}
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            {order.item || "item not reported"}
            {order.quantity > 0 && <> · {formatCount(order.quantity)} planned</>} · plant {order.plant || "–"}
          </p>
          <ImpactFlags
            flags={flags}
            titles={{
              input_rejected: `${upstream.summary.rejected} of the lots it is made from rejected`,
              input_held: `${upstream.summary.held} of the lots it is made from held`,
              inspection_failed: `${inspectionsFailed} failed inspection${inspectionsFailed === 1 ? "" : "s"} in its workflows`,
              output_rejected: `${outputs.rejected} lot${outputs.rejected === 1 ? "" : "s"} it produced rejected`,
              output_held: `${outputs.held} lot${outputs.held === 1 ? "" : "s"} it produced held`,
            }}
          />
        </div>
        <CopyLinkButton />
      </div>

      <UpstreamBanner impact={upstream} subject="This order" />

      <dl className="grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-5 text-sm shadow-sm md:grid-cols-4 xl:grid-cols-7">
        <Fact label="Released" value={order.releasedAt ? formatUtc(order.releasedAt) : "release not seen"} />
        <Fact {...releaseFact(order.releasedAt, order.completedAt, now)} />
        <Fact label="Workflows" value={String(order.workflows.length)} />
        <Fact label="Failed hand-offs" value={String(failedHandOffs)} tone={failedHandOffs > 0 ? "bad" : undefined} title="Workflows whose latest message failed and nothing delivered it since" />
        <Fact label="Failed inspections" value={String(inspectionsFailed)} tone={inspectionsFailed > 0 ? "bad" : undefined} />
        <Fact label="Lots consumed" value={consumedFlagged > 0 ? `${order.lotsConsumed.length} · ${consumedFlagged} held or rejected` : String(order.lotsConsumed.length)} tone={consumedFlagged > 0 ? "bad" : undefined} />
        <Fact label="Lots produced" value={outputs.heldOrRejected > 0 ? `${order.lotsProduced.length} · ${outputs.heldOrRejected} held or rejected` : String(order.lotsProduced.length)} tone={outputs.heldOrRejected > 0 ? "bad" : undefined} />
      </dl>

      <Panel title="Workflows" subtitle="Each workflow instance that carried this order, its steps and its SLA.">
        {order.workflows.length === 0 ? (
          <EmptyState title="No workflows" />
        ) : (
          <ul className="divide-y divide-slate-100">
            {order.workflows.map((w) => (
              <li key={w.correlationId} className="space-y-2 py-3">
                <div className="flex flex-wrap items-center gap-3 text-sm">
                  <Link href={`/trace/${encodeURIComponent(w.correlationId)}`} className="font-mono text-xs text-indigo-700 hover:underline">
                    {w.correlationId}
                  </Link>
                  {w.adverseEvents > 0 && <StatusBadge status="inspection_failed" testId="workflow-adverse" />}
                  {/* The messages' outcome: beside a failed inspection, "ok" only means they were delivered. */}
                  {w.adverseEvents > 0 && w.outcome === "ok" ? <span className="text-xs text-slate-600">messages delivered</span> : <StatusBadge status={w.outcome} />}
                  <span className="flex flex-wrap gap-x-2 gap-y-1">
                    {w.systems.map((s) => (
                      <SystemTag key={s} system={s} />
                    ))}
                  </span>
                  <span className="ml-auto text-xs text-slate-500">{formatUtc(w.start)}</span>
                </div>
                {w.workflow ? <WorkflowSteps workflow={w.workflow} /> : <p className="text-xs text-slate-500">Not one of the default workflows.</p>}
              </li>
            ))}
          </ul>
        )}
      </Panel>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Lots consumed" subtitle="Each input lot with its current standing across systems.">
          <LotList lots={order.lotsConsumed} states={upstream.states} testId="order-consumed" />
        </Panel>
        <Panel title="Lots produced" subtitle="Each output lot with its current standing across systems.">
          <LotList lots={order.lotsProduced} states={upstream.states} testId="order-produced" />
        </Panel>
      </div>

      <Panel title="Timeline" subtitle="Every event of every workflow of this order, newest first.">
        <EventsTable events={order.events} keyColumn="lot" testId="order-events" />
      </Panel>
    </div>
  );
}

function LotList({ lots, states, testId }: { lots: OrderLot[]; states: ReadonlyMap<string, LotStateEntry>; testId: string }) {
  if (lots.length === 0) return <EmptyState title="None recorded" />;
  return (
    <ul data-testid={testId} className="divide-y divide-slate-100 text-sm">
      {lots.map((l) => {
        const entry = states.get(l.lotId);
        return (
          <li key={l.lotId} data-lot={l.lotId} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5">
            <Link href={`/lots/${encodeURIComponent(l.lotId)}`} className="font-mono text-xs text-indigo-700 hover:underline">
              {l.lotId}
            </Link>
            {entry && <LotStateBadges state={entry.state} restricted={entry.restricted} />}
            <span className="tabular-nums text-slate-700">{l.quantity > 0 && `${formatCount(l.quantity)} ${l.uom}`}</span>
            <span className="ml-auto text-xs text-slate-500">{formatUtc(l.time)}</span>
          </li>
        );
      })}
    </ul>
  );
}

function Fact({ label, value, tone, title }: { label: string; value: string; tone?: "bad"; title?: string }) {
  return (
    <div className="min-w-0" title={title}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`mt-1 truncate font-medium ${tone === "bad" ? "text-red-700" : ""}`}>{value}</dd>
    </div>
  );
}
