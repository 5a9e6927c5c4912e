import { hasPermission } from "@/lib/auth/roles";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TraceEventTable } from "@/components/trace/trace-event-table";
import { TraceWaterfall } from "@/components/trace/trace-waterfall";
import { WorkflowSteps } from "@/components/workflows/workflow-steps";
import { CopyLinkButton } from "@/components/ui/copy-link-button";
import { Panel } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import { SystemTag } from "@/components/ui/system-tag";
import { okOrInterrupt, requirePageActor } from "@/lib/auth/page-guard";
import { appDeps } from "@/server/runtime";
import { traceIdSchema } from "@/lib/queries/get-trace";
import { traceForActor } from "@/lib/trace/trace-for-actor";
import { formatCountOf, formatDuration, formatUtc } from "@/lib/ui/format";
import { historyText, TRACE_OUTCOME_TEXT } from "@/lib/ui/status-labels";
import { loadViewDefinitions } from "@/lib/slas/view-definitions";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Trace ${decodeURIComponent((await params).id)}` };
}

export default async function TracePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const id = decodeURIComponent((await params).id);
  const message = (await searchParams).message;
  const highlightMessage = typeof message === "string" ? message : "";
  const deps = await appDeps();
  const actor = await requirePageActor(deps.db, `/trace/${encodeURIComponent(id)}`);
  const parsed = traceIdSchema.safeParse(id);
  if (!parsed.success) notFound();
  const result = await traceForActor(deps.clickhouse, await loadViewDefinitions(deps.db), actor, parsed.data);
  const { trace, steps: rows, canReadPayload, hiddenEvents: hidden, workflow } = okOrInterrupt(result);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Correlation id</p>
          <h1 data-testid="trace-heading" className="break-all font-mono text-xl font-semibold">
            {trace.correlationId}
          </h1>
          <div className="mt-2 flex flex-wrap items-center gap-3 text-sm text-slate-600">
            <StatusBadge status={trace.outcome} />
            <span data-testid="trace-outcome">{TRACE_OUTCOME_TEXT[trace.outcome]}</span>
            <span>·</span>
            <span data-testid="trace-history">history: {historyText(trace.failures, trace.retries)}</span>
            <span>·</span>
            <span>{formatUtc(trace.start, true)}</span>
            <span>·</span>
            <span>{formatDuration(trace.durationMs)} end to end</span>
          </div>
        </div>
        <CopyLinkButton />
      </div>

      <dl className="grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-5 text-sm shadow-sm md:grid-cols-3 xl:grid-cols-6">
        <Fact label="Events" value={String(trace.steps.length)} />
        <Fact label="Failures" value={String(trace.failures)} tone={trace.failures > 0 ? "bad" : undefined} />
        <Fact label="Retries" value={String(trace.retries)} />
        <div>
          <dt className="text-xs text-slate-500">Systems</dt>
          <dd className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
            {trace.systems.map((s) => (
              <SystemTag key={s} system={s} />
            ))}
          </dd>
        </div>
        <KeyList label="Lots" ids={trace.lots} testId="trace-lot-link" base="/lots/" />
        <KeyList label="Orders" ids={trace.orders} testId="trace-order-link" base="/orders/" />
      </dl>

      {hidden > 0 && (
        <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          {formatCountOf(hidden, "event")} of this trace {hidden === 1 ? "belongs" : "belong"} to plants outside your scope and are not shown.
        </p>
      )}

      {workflow && (
        <Panel title="Workflow" subtitle="The workflow this trace belongs to, judged by the SLA engine: its stages as seen and its end-to-end SLA.">
          <WorkflowSteps workflow={workflow} />
        </Panel>
      )}

      <Panel title="Waterfall" subtitle="One lane per system; bar width is the step's duration; red marks a failure. Click a bar to jump to its event.">
        <TraceWaterfall steps={trace.steps} />
      </Panel>

      <Panel title="Events" subtitle="In time order. Gap is the hand-off time since the previous event.">
        <TraceEventTable rows={rows} canReadPayload={canReadPayload} highlightMessage={highlightMessage} correlationId={parsed.data} canReplay={hasPermission(actor.role, "replay")} canEditPayload={hasPermission(actor.role, "replay:edit")} />
      </Panel>
    </div>
  );
}

function Fact({ label, value, tone }: { label: string; value: string; tone?: "bad" }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`mt-1 text-lg font-semibold tabular-nums ${tone === "bad" ? "text-red-600" : ""}`}>{value}</dd>
    </div>
  );
}

function KeyList({ label, ids, testId, base }: { label: string; ids: string[]; testId: string; base: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-1 space-y-0.5">
        {ids.length === 0
          ? "–"
          : ids.map((id) => (
              <Link key={id} data-testid={testId} href={`${base}${encodeURIComponent(id)}`} className="block truncate font-mono text-xs text-indigo-700 hover:underline">
                {id}
              </Link>
            ))}
      </dd>
    </div>
  );
}
