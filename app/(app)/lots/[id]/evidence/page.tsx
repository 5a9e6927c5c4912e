import { notFound } from "next/navigation";
import { EvidenceDocument } from "@/components/evidence/evidence-document";
import { okOrInterrupt, requirePageActor } from "@/lib/auth/page-guard";
import { appDeps } from "@/server/runtime";
import { evidenceParamsSchema } from "@/lib/evidence/evidence-pack";
import { loadEvidencePack } from "@/lib/evidence/load-evidence";
import { businessIdSchema } from "@/lib/queries/get-trace";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Recall evidence · ${decodeURIComponent((await params).id)}` };
}

export default async function EvidencePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ depth?: string | string[] }> }) {
  const id = decodeURIComponent((await params).id);
  const deps = await appDeps();
  const actor = await requirePageActor(deps.db, `/lots/${encodeURIComponent(id)}/evidence`);
  const parsedId = businessIdSchema("a lot id").safeParse(id);
  if (!parsedId.success) notFound();
  const depthParam = (await searchParams).depth;
  // A mistyped depth shows the whole pack rather than an error: the page is read, not scripted.
  const parsedDepth = evidenceParamsSchema.safeParse({ depth: typeof depthParam === "string" ? depthParam : undefined });
  const { depth } = parsedDepth.success ? parsedDepth.data : evidenceParamsSchema.parse({});
  const result = await loadEvidencePack(deps.clickhouse, actor, parsedId.data, depth);
  const { pack } = okOrInterrupt(result);
  const download = `/api/v1/lots/${encodeURIComponent(parsedId.data)}/evidence?depth=${depth}`;
  return <EvidenceDocument pack={pack} downloadHref={download} />;
}
