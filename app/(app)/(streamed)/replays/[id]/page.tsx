import Link from "next/link";
import { notFound } from "next/navigation";
import { ProgressBar, RefreshWhileActive, TaskActions } from "@/components/replay/replay-tasks";
import { Panel } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import { HttpError } from "@/lib/http/errors";
import { getTask } from "@/lib/replay/replay-tasks";
import { requireReplayActor } from "@/lib/replay/replay-page-guard";
import { taskIdSchema } from "@/lib/replay/task-id";
import { getDb } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata = { title: "Replay task" };

export default async function ReplayTaskPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ offset?: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const actor = await requireReplayActor(db, `/replays/${id}`);
  if (!taskIdSchema.safeParse(id).success) notFound();
  const offset = Math.max(0, Number((await searchParams).offset ?? 0) || 0);
  const detail = await getTask(db, actor, id, { offset, limit: 100 }).catch((error: unknown) => {
    if (error instanceof HttpError && error.status === 404) notFound();
    throw error;
  });
  const { task, items, page } = detail;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <Link href="/replays" className="text-sm text-indigo-700 hover:underline">
            ← Replays
          </Link>
          <h1 className="text-2xl font-semibold">Replay of {task.description}</h1>
          <p className="text-sm text-slate-500">
            {task.reason} — requested by {task.createdBy}
            {task.approvedBy ? `, approved by ${task.approvedBy}` : ""}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3" data-testid="task-status" data-status={task.status}>
          <RefreshWhileActive status={task.status} />
          <StatusBadge status={task.status} />
          <TaskActions task={task} actorId={actor.id} />
        </div>
      </div>
      <Panel title="Progress" subtitle={task.status === "awaiting_approval" ? "Nothing is sent until a second person approves" : task.pausedUntil && task.status === "running" ? `Paused until ${task.pausedUntil.slice(11, 19)} UTC: the target answered with an error` : undefined}>
        <dl className="mb-3 grid grid-cols-3 gap-3 text-sm sm:grid-cols-6" data-testid="task-counts">
          {(
            [
              ["Total", task.total],
              ["Sent", task.sent],
              ["Succeeded", task.succeeded],
              ["Failed", task.failed],
              ["Skipped", task.skipped],
              ["Remaining", task.remaining],
            ] as const
          ).map(([label, value]) => (
            <div key={label} data-testid={`count-${label.toLowerCase()}`}>
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className="text-lg font-semibold tabular-nums">{value.toLocaleString("en-US")}</dd>
            </div>
          ))}
        </dl>
        <ProgressBar task={task} />
        {task.lastError && <p className="mt-2 text-sm text-amber-700">Last error: {task.lastError}</p>}
      </Panel>
      <Panel title="Messages" subtitle={`${page.offset + 1}–${page.offset + items.length} of ${page.total}`}>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-3">#</th>
                <th className="pr-3">Message</th>
                <th className="pr-3">Interface</th>
                <th className="pr-3">Status</th>
                <th className="pr-3">Attempts</th>
                <th className="pr-3">Detail</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.seq} className="border-t border-slate-100" data-testid="task-item" data-status={i.status}>
                  <td className="py-1 pr-3 tabular-nums">{i.seq + 1}</td>
                  <td className="whitespace-nowrap pr-3 font-mono text-xs">
                    <Link className="text-indigo-700 hover:underline" href={`/trace/${encodeURIComponent(i.correlationId)}?message=${encodeURIComponent(i.messageId)}`}>
                      {i.messageId}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap pr-3 font-mono text-xs">{i.interface}</td>
                  <td className="pr-3">
                    <StatusBadge status={i.status} />
                  </td>
                  <td className="pr-3 tabular-nums">{i.attempts}</td>
                  <td className="pr-3 text-xs text-slate-600">
                    {i.edited && <span className="mr-1 rounded bg-indigo-50 px-1 text-indigo-700">edited payload</span>}
                    {i.skipReason ? `${i.skipReason}: ` : ""}
                    {i.lastError ?? ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="mt-3 flex gap-3 text-sm">
          {offset > 0 && <Link className="text-indigo-700 hover:underline" href={`/replays/${id}?offset=${Math.max(0, offset - 100)}`}>Previous</Link>}
          {offset + items.length < page.total && <Link className="text-indigo-700 hover:underline" href={`/replays/${id}?offset=${offset + 100}`}>Next</Link>}
        </div>
      </Panel>
    </div>
  );
}
