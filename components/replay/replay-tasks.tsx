"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { sendJson } from "@/components/ui/api-client";
import { EmptyState, Panel } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import type { TaskView } from "@/lib/replay/replay-tasks";
import { TableScroll } from "@/components/ui/table-scroll";

const REFRESH_MS = 2_000;

/** Done share of a task, for its progress bar. */
const progress = (t: TaskView) => (t.total === 0 ? 1 : (t.total - t.remaining) / t.total);

export function ProgressBar({ task }: { task: TaskView }) {
  const pct = (n: number) => (task.total === 0 ? 0 : (n / task.total) * 100);
  return (
    <div className="h-2 w-full min-w-24 overflow-hidden rounded bg-slate-100" role="progressbar" aria-label={`${task.total - task.remaining} of ${task.total} messages done`} aria-valuenow={Math.round(progress(task) * 100)} aria-valuemin={0} aria-valuemax={100}>
      <div className="flex h-full">
        <div className="bg-emerald-500" style={{ width: `${pct(task.succeeded)}%` }} />
        <div className="bg-rose-500" style={{ width: `${pct(task.failed)}%` }} />
        <div className="bg-slate-300" style={{ width: `${pct(task.skipped)}%` }} />
      </div>
    </div>
  );
}

/** Re-renders a server page every few seconds while its task can still change, so progress moves without a reload. */
export function RefreshWhileActive({ status }: { status: TaskView["status"] }) {
  const router = useRouter();
  const active = status === "running" || status === "cancelling" || status === "awaiting_approval";
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}

export function TaskActions({ task, actorId }: { task: TaskView; actorId: string }) {
  const qc = useQueryClient();
  const router = useRouter();
  const act = useMutation({
    mutationFn: async (action: "approve" | "cancel") => {
      const reason = action === "cancel" ? window.prompt("Why cancel this replay?") : "";
      if (action === "cancel" && (!reason || reason.trim().length < 3)) return;
      await sendJson(`/api/v1/replays/${task.id}/${action}`, "POST", { reason });
    },
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: ["replays"] });
      router.refresh();
    },
  });
  const ownWaiting = task.status === "awaiting_approval" && task.createdById === actorId;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {ownWaiting && (
        <span className="text-xs text-amber-800" data-testid="own-approval-note">
          You requested this replay: a second person must approve it.
        </span>
      )}
      {task.status === "awaiting_approval" && task.createdById !== actorId && (
        <button type="button" className="rounded border border-indigo-300 px-2 py-0.5 text-xs text-indigo-700 hover:bg-indigo-50" onClick={() => act.mutate("approve")} disabled={act.isPending}>
          Approve
        </button>
      )}
      {(task.status === "running" || task.status === "awaiting_approval") && (
        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50" onClick={() => act.mutate("cancel")} disabled={act.isPending}>
          Cancel
        </button>
      )}
      {act.isError && <span className="text-xs text-rose-600">{act.error.message}</span>}
    </div>
  );
}

export function ReplayTasks({ initial, actorId }: { initial: TaskView[]; actorId: string }) {
  const q = useQuery({
    queryKey: ["replays", "list"],
    queryFn: async () => (await sendJson<{ tasks: TaskView[] }>("/api/v1/replays", "GET")).tasks,
    initialData: initial,
    refetchInterval: REFRESH_MS,
  });
  const tasks = q.data;
  return (
    <Panel title="Replay tasks" subtitle="Newest first; progress refreshes every 2 s">
      {tasks.length === 0 ? (
        <EmptyState title="No replays yet">Replay a failed message from its trace, or a selection from the exception inbox.</EmptyState>
      ) : (
        <TableScroll label="Replay tasks">
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-3">Task</th>
                <th className="pr-3">Status</th>
                <th className="pr-3">Progress</th>
                <th className="pr-3 text-right">Sent</th>
                <th className="pr-3 text-right">Succeeded</th>
                <th className="pr-3 text-right">Failed</th>
                <th className="pr-3 text-right">Remaining</th>
                <th className="pr-3">By</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tasks.map((t) => (
                <tr key={t.id} className="border-t border-slate-100 align-top">
                  <td className="py-2 pr-3">
                    <Link className="text-indigo-700 hover:underline" href={`/replays/${t.id}`}>
                      {t.description}
                    </Link>
                    <div className="text-xs text-slate-500">{t.reason}</div>
                    {t.pausedUntil && t.status === "running" && <div className="text-xs text-amber-700">paused: {t.lastError}</div>}
                  </td>
                  <td className="pr-3">
                    <StatusBadge status={t.status} />
                  </td>
                  <td className="pr-3">
                    <ProgressBar task={t} />
                  </td>
                  <td className="pr-3 text-right tabular-nums">{t.sent}</td>
                  <td className="pr-3 text-right tabular-nums">{t.succeeded}</td>
                  <td className="pr-3 text-right tabular-nums">{t.failed}</td>
                  <td className="pr-3 text-right tabular-nums">{t.remaining}</td>
                  <td className="pr-3 text-xs">
                    {t.createdBy}
                    {t.approvedBy && <div className="text-slate-500">approved by {t.approvedBy}</div>}
                  </td>
                  <td>
                    <TaskActions task={t} actorId={actorId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Panel>
  );
}
