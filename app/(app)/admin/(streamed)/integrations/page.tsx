import { ReplayTargetsAdmin } from "@/components/replay/replay-targets-admin";
import { requireIntegrationsAdmin } from "@/lib/replay/replay-page-guard";
import { listTargets, openFailuresByInterface } from "@/lib/replay/replay-targets";
import { getDb } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const db = await getDb();
  await requireIntegrationsAdmin(db);
  const [targets, openFailures] = await Promise.all([listTargets(db), openFailuresByInterface(db)]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Integrations</h1>
        <p className="text-sm text-slate-500">
          How each interface replays a message: the middleware&apos;s HTTP replay API, or a Kafka re-publish of the original to its topic. Every message is sent once with an idempotency key, at
          most at the target&apos;s rate. Secrets come from the server&apos;s environment or are stored write-only.
        </p>
      </div>
      <ReplayTargetsAdmin initial={targets} openFailures={openFailures} generatedAt={new Date().toISOString()} />
    </div>
  );
}
