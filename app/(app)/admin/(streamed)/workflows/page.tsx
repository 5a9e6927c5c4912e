import Link from "next/link";
import { EmptyState, Panel } from "@/components/ui/panel";
import { formatDuration, formatUtc } from "@/lib/ui/format";
import { getDb } from "@/server/runtime";
import { requireDefinitionsAdmin } from "@/lib/workflows/definition-page-guard";
import { listDefinitions } from "@/lib/workflows/definitions-store";
import { TableScroll } from "@/components/ui/table-scroll";

export const dynamic = "force-dynamic";
export const metadata = { title: "Workflow definitions" };

export default async function WorkflowsPage() {
  const db = await getDb();
  await requireDefinitionsAdmin(db, "/admin/workflows");
  const workflows = await listDefinitions(db, "workflow");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Workflow definitions</h1>
        <p className="text-sm text-slate-500">What each workflow expects and how fast. A save creates a new version that applies to instances triggered from then on; history is never rewritten.</p>
      </div>
      <Panel title="Workflows" subtitle={`${workflows.filter((w) => w.current.enabled).length} enabled of ${workflows.length}`}>
        {workflows.length === 0 ? (
          <EmptyState title="No workflow definitions">The defaults are seeded at start; create one with POST /api/v1/workflows.</EmptyState>
        ) : (
          <TableScroll label="Workflow definitions">
            <table className="w-full text-sm">
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-3 py-2 font-medium">Name</th>
                  <th className="px-3 py-2 font-medium">Key</th>
                  <th className="px-3 py-2 font-medium">Version</th>
                  <th className="px-3 py-2 font-medium">Stages</th>
                  <th className="px-3 py-2 font-medium">End-to-end target</th>
                  <th className="px-3 py-2 font-medium">Enabled</th>
                  <th className="px-3 py-2 font-medium">Last changed</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {workflows.map((w) => (
                  <tr key={w.key} data-testid="workflow-definition" className="align-top">
                    <td className="px-3 py-2 font-medium">
                      <Link href={`/admin/workflows/${w.key}`} className="text-indigo-700 hover:underline">
                        {w.current.spec.name}
                      </Link>
                    </td>
                    <td className="px-3 py-2 font-mono text-xs">{w.key}</td>
                    <td className="px-3 py-2">v{w.current.version}</td>
                    <td className="px-3 py-2">{w.current.spec.stages.length}</td>
                    <td className="px-3 py-2">
                      {formatDuration(w.current.spec.sla.targetMs)}
                      {w.current.spec.sla.businessHours && <span className="ml-1 text-xs text-slate-500">business hours</span>}
                      {Object.keys(w.current.spec.plantOverrides).length > 0 && <div className="text-xs text-slate-500">overrides: {Object.keys(w.current.spec.plantOverrides).join(", ")}</div>}
                    </td>
                    <td className="px-3 py-2">{w.current.enabled ? "yes" : <span className="text-slate-500">no</span>}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-xs">
                      {formatUtc(w.current.createdAt)}
                      <div className="text-slate-500">by {w.current.createdBy}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Panel>
    </div>
  );
}
