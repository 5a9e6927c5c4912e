import { UsersAdmin } from "@/components/admin/users-admin";
import { requirePagePermission } from "@/lib/auth/page-guard";
import { listUsers } from "@/lib/users/list-users";
import { getDb } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users" };

export default async function UsersPage() {
  const db = await getDb();
  const actor = await requirePagePermission(db, "/admin/users", "users:manage");
  const users = await listUsers(db);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="text-sm text-slate-600">
          Who may sign in, with which role and, for plant managers, which plants. A change applies to the person&apos;s next page or API request; disabling or resetting a password also ends their
          sessions. Every change is in the audit log and in each user&apos;s history.
        </p>
      </div>
      <UsersAdmin initial={users} actorId={actor.id} generatedAt={new Date().toISOString()} />
    </div>
  );
}
