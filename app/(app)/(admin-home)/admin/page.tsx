import { AdminCards } from "@/components/admin/admin-cards";
import { adminCards } from "@/lib/admin/admin-cards";
import { getAdminSummary } from "@/lib/admin/admin-summary";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { hasPermission } from "@/lib/auth/roles";
import { getDb } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin" };

/** Outside the definitions' layout (its tabs) and outside a streamed group, so a non-admin gets a real 403. */
export default async function AdminPage() {
  const db = await getDb();
  const actor = await requirePagePermission(db, "/admin", "users:manage");
  const cards = adminCards(await getAdminSummary(db)).filter((card) => hasPermission(actor.role, card.permission));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Administration</h1>
        <p className="text-sm text-slate-600">People and tokens, the definitions the SLA engine judges by, alerting and the integrations replays go through.</p>
      </div>
      <AdminCards cards={cards} />
    </div>
  );
}
