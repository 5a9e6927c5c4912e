import Link from "next/link";
import { EmptyState, Panel } from "@/components/ui/panel";
import { formatDuration, formatUtc } from "@/lib/ui/format";
import { getDb } from "@/server/runtime";
import { requireDefinitionsAdmin } from "@/lib/workflows/definition-page-guard";
import type { NonEventSpec } from "@/lib/workflows/definition-spec";
import { listDefinitions } from "@/lib/workflows/definitions-store";
import { TableScroll } from "@/components/ui/table-scroll";

export const dynamic = "force-dynamic";
export const metadata = { title: "Non-event definitions" };

function rule(spec: NonEventSpec): string {
  if (spec.kind === "missing_response") return `response within ${formatDuration(spec.withinMs)}`;
  const range = [spec.min !== undefined ? `≥ ${spec.min}` : null, spec.max !== undefined ? `≤ ${spec.max}` : null].filter(Boolean).join(" and ");
  return `${range} per ${formatDuration(spec.windowMs)}`;
}

export default async function NonEventsPage() {
  const db = await getDb();
  await requireDefinitionsAdmin(db, "/admin/non-events");
  const nonEvents = await listDefinitions(db, "non_event");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Non-events</h1>
        <p className="text-sm text-slate-500">Something expected that did not happen: a request without its response, or too few or too many messages of a type in a window.</p>
      </div>
      <Panel title="Non-event definitions">
        {nonEvents.length === 0 ? (
          <EmptyState title="No non-event definitions">Create one with POST /api/v1/non-events.</EmptyState>
        ) : (
          <TableScroll label="Non-event definitions">
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">Name</th>
                <th className="px-3 py-2 font-medium">Key</th>
                <th className="px-3 py-2 font-medium">Kind</th>
                <th className="px-3 py-2 font-medium">Rule</th>
                <th className="px-3 py-2 font-medium">Version</th>
                <th className="px-3 py-2 font-medium">Enabled</th>
                <th className="px-3 py-2 font-medium">Last changed</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {nonEvents.map((n) => (
                <tr key={n.key} data-testid="non-event-definition">
                  <td className="px-3 py-2 font-medium">
                    <Link href={`/admin/non-events/${n.key}`} className="text-indigo-700 hover:underline">
                      {n.current.spec.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{n.key}</td>
                  <td className="px-3 py-2">{n.current.spec.kind === "missing_response" ? "missing response" : "volume"}</td>
                  <td className="px-3 py-2">{rule(n.current.spec)}</td>
                  <td className="px-3 py-2">v{n.current.version}</td>
                  <td className="px-3 py-2">{n.current.enabled ? "yes" : "no"}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">
                    {formatUtc(n.current.createdAt)}
                    <div className="text-slate-500">by {n.current.createdBy}</div>
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
