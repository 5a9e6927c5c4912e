import Link from "next/link";
import { notFound } from "next/navigation";
import { WorkflowEditor } from "@/components/definitions/workflow-editor";
import { getDb } from "@/server/runtime";
import { DefinitionKeySchema } from "@/lib/workflows/definition-body";
import { requireDefinitionsAdmin } from "@/lib/workflows/definition-page-guard";
import { getDefinition } from "@/lib/workflows/definitions-store";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit workflow" };

export default async function WorkflowPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const db = await getDb();
  await requireDefinitionsAdmin(db, `/admin/workflows/${encodeURIComponent(key)}`);
  const parsed = DefinitionKeySchema.safeParse(key);
  const definition = parsed.success ? await getDefinition(db, "workflow", parsed.data) : null;
  if (!definition) notFound();
  return (
    <div className="space-y-4">
      <div>
        <Link href="/admin/workflows" className="text-sm text-indigo-700 hover:underline">
          ← Workflow definitions
        </Link>
        <h1 className="text-2xl font-semibold">{definition.current.spec.name}</h1>
      </div>
      <WorkflowEditor initial={definition} />
    </div>
  );
}
