import { notFound } from "next/navigation";
import { ExceptionGroupView } from "@/components/exceptions/exception-group";
import { ForbiddenNotice } from "@/components/ui/forbidden-notice";
import { requirePageActor } from "@/lib/auth/page-guard";
import { hasPermission } from "@/lib/auth/roles";
import { groupDetail } from "@/lib/exceptions/group-detail";
import { HttpError } from "@/lib/http/errors";
import { appDeps } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata = { title: "Exception group" };

export default async function ExceptionGroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { db, clickhouse } = await appDeps();
  const { id } = await params;
  const actor = await requirePageActor(db, `/exceptions/${id}`);
  if (!hasPermission(actor.role, "exceptions:read")) return <ForbiddenNotice title="The exception inbox is for support engineers, plant managers and admins">Your role does not include exceptions.</ForbiddenNotice>;
  const detail = await groupDetail(db, clickhouse, actor, id, { limit: 50 }).catch((error: unknown) => {
    if (error instanceof HttpError && error.status === 404) notFound();
    throw error;
  });
  return <ExceptionGroupView initial={detail} canTriage={hasPermission(actor.role, "exceptions:triage")} canReplay={hasPermission(actor.role, "replay")} canEditPayload={hasPermission(actor.role, "replay:edit")} />;
}
