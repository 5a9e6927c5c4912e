import { forbidden } from "next/navigation";
import Link from "next/link";
import { requirePageActor } from "@/lib/auth/page-guard";
import { hasPermission } from "@/lib/auth/roles";
import { getDb } from "@/server/runtime";

/**
 * The admin area: definitions, alert rules and integrations, edited by administrators only.
 * Checked here, before any loading boundary streams, so everyone else gets a real 403; each page
 * checks its own permission again (definitions:manage, alerts:manage, integrations:manage).
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const db = await getDb();
  const actor = await requirePageActor(db, "/admin/workflows");
  const canDefinitions = hasPermission(actor.role, "definitions:manage");
  const canAlerts = hasPermission(actor.role, "alerts:manage");
  const canIntegrations = hasPermission(actor.role, "integrations:manage");
  if (!canDefinitions && !canAlerts && !canIntegrations) forbidden();
  return (
    <div className="space-y-4">
      <AdminTabs definitions={canDefinitions} alerts={canAlerts} integrations={canIntegrations} />
      {children}
    </div>
  );
}

function AdminTabs({ definitions, alerts, integrations }: { definitions: boolean; alerts: boolean; integrations: boolean }) {
  const tabs = [
    ...(definitions
      ? [
          { href: "/admin/workflows", label: "Workflows" },
          { href: "/admin/non-events", label: "Non-events" },
          { href: "/admin/calendars", label: "Plant calendars" },
        ]
      : []),
    ...(alerts ? [{ href: "/admin/alerts", label: "Alerts" }] : []),
    ...(integrations ? [{ href: "/admin/integrations", label: "Integrations" }] : []),
  ];
  return (
    <nav aria-label="Definitions" className="flex gap-4 overflow-x-auto border-b border-slate-200 text-sm">
      {tabs.map((t) => (
        <Link key={t.href} href={t.href} className="-mb-px shrink-0 whitespace-nowrap border-b-2 border-transparent px-1 pb-2 font-medium text-slate-600 hover:border-slate-300 hover:text-slate-900">
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
