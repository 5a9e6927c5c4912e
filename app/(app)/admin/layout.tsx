import Link from "next/link";
import { getDb } from "@/server/runtime";
import { requireDefinitionsAdmin } from "@/lib/workflows/definition-page-guard";

/**
 * Definitions are edited by administrators only. Checked here, before any loading boundary
 * streams, so everyone else gets a real 403 (the pages check again).
 */
export default async function DefinitionsAdminLayout({ children }: { children: React.ReactNode }) {
  const db = await getDb();
  await requireDefinitionsAdmin(db, "/admin/workflows");
  return (
    <div className="space-y-4">
      <DefinitionsTabs />
      {children}
    </div>
  );
}

function DefinitionsTabs() {
  const tabs = [
    { href: "/admin/workflows", label: "Workflows" },
    { href: "/admin/non-events", label: "Non-events" },
    { href: "/admin/calendars", label: "Plant calendars" },
  ];
  return (
    <nav aria-label="Definitions" className="flex gap-4 border-b border-slate-200 text-sm">
      {tabs.map((t) => (
        <Link key={t.href} href={t.href} className="-mb-px border-b-2 border-transparent px-1 pb-2 font-medium text-slate-600 hover:border-slate-300 hover:text-slate-900">
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
