import { CalendarsEditor } from "@/components/definitions/calendars-editor";
import { getDb } from "@/server/runtime";
import { listCalendars } from "@/lib/workflows/calendars-store";
import { requireDefinitionsAdmin } from "@/lib/workflows/definition-page-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Plant calendars" };

export default async function CalendarsPage() {
  const db = await getDb();
  await requireDefinitionsAdmin(db, "/admin/calendars");
  const calendars = await listCalendars(db);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Plant calendars</h1>
        <p className="text-sm text-slate-500">Opening hours in each plant&apos;s own time zone and its closed days; SLAs marked &quot;business hours only&quot; count only this time.</p>
      </div>
      <CalendarsEditor initial={calendars} />
    </div>
  );
}
