import { ExceptionInbox } from "@/components/exceptions/exception-inbox";
import { ForbiddenNotice } from "@/components/ui/forbidden-notice";
import { requirePageActor } from "@/lib/auth/page-guard";
import { hasPermission } from "@/lib/auth/roles";
import { InboxFilterSchema } from "@/lib/exceptions/inbox-filter";
import { listGroups } from "@/lib/exceptions/inbox-query";
import { appDeps } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata = { title: "Exceptions" };

const PAGE = 50;

export default async function ExceptionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db } = await appDeps();
  const actor = await requirePageActor(db, "/exceptions");
  if (!hasPermission(actor.role, "exceptions:read")) return <ForbiddenNotice title="The exception inbox is for support engineers, plant managers and admins">Your role does not include exceptions.</ForbiddenNotice>;
  const raw = await searchParams;
  const params = Object.fromEntries(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" && v !== "" && k in InboxFilterSchema.shape ? [[k, v]] : [])));
  // A malformed filter falls back to the default inbox rather than an error page; the API answers it with a 400.
  const parsed = InboxFilterSchema.safeParse(params);
  const filter = parsed.success ? parsed.data : InboxFilterSchema.parse({});
  const clean = parsed.success ? params : {};
  const initial = await listGroups(db, actor, filter, { limit: PAGE });
  const query = new URLSearchParams({ ...clean, limit: String(PAGE) }).toString();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Exceptions</h1>
        <p className="text-sm text-slate-500">
          Failed and dead-lettered messages, SLA breaches, ingest dead letters and lots whose systems disagree, grouped by error{actor.plants ? `, plants ${actor.plants.join(", ")}` : ""}.
        </p>
      </div>
      {/* eslint-disable-next-line react-hooks/purity */}
      <ExceptionInbox query={query} params={clean} initial={initial} canTriage={hasPermission(actor.role, "exceptions:triage")} canReplay={hasPermission(actor.role, "replay")} now={Date.now()} />
    </div>
  );
}
