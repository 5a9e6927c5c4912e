import { ApiTokens } from "@/components/admin/api-tokens";
import { ForbiddenNotice } from "@/components/ui/forbidden-notice";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { requirePageActor } from "@/lib/auth/page-guard";
import { appDeps } from "@/server/runtime";
import { hasPermission } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";
export const metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const deps = await appDeps();
  const actor = await requirePageActor(deps.db, "/admin/tokens");
  if (!hasPermission(actor.role, "users:manage")) {
    return <ForbiddenNotice title="API tokens are managed by administrators">A token carries a role of its own; only administrators may hand one out.</ForbiddenNotice>;
  }
  const tokens = await listApiTokens({ db: deps.db });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">API tokens</h1>
        <p className="text-sm text-slate-500">
          Bearer tokens for the JSON API (<code className="font-mono">/api/v1/…</code>) for scripts and integrations: send{" "}
          <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>. A revoked or expired token is refused at once.
        </p>
      </div>
      <ApiTokens initial={tokens} />
    </div>
  );
}
