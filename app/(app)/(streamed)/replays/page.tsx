import { ReplayTasks } from "@/components/replay/replay-tasks";
import { listTasks } from "@/lib/replay/replay-tasks";
import { requireReplayActor } from "@/lib/replay/replay-page-guard";
import { getDb } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata = { title: "Replays" };

export default async function ReplaysPage() {
  const db = await getDb();
  const actor = await requireReplayActor(db, "/replays");
  const tasks = await listTasks(db, actor, { limit: 50 });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Replays</h1>
        <p className="text-sm text-slate-500">Messages sent again through the integration layer, each with an idempotency key. Bulk replays above the approval threshold wait for a second person.</p>
      </div>
      <ReplayTasks initial={tasks} actorId={actor.id} />
    </div>
  );
}
