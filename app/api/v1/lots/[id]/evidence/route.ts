import { evidenceArchive } from "@/lib/evidence/evidence-files";
import { evidenceParamsSchema } from "@/lib/evidence/evidence-pack";
import { loadEvidencePack } from "@/lib/evidence/load-evidence";
import { recordEvidenceDownload } from "@/lib/evidence/record-download";
import { apiRoute } from "@/server/api-route";
import { badRequest, forbidden, notFound } from "@/lib/http/errors";
import { parseId } from "@/lib/http/parse-id";

export const dynamic = "force-dynamic";

/** The recall evidence pack of a lot as a zip (`?depth=N`, default the deepest walk); every download is audited. */
export const GET = apiRoute<{ id: string }>({ permission: "events:read" }, async (request, { actor, params, deps }) => {
  const lotId = parseId(params.id, "lot id");
  const parsed = evidenceParamsSchema.safeParse({ depth: new URL(request.url).searchParams.get("depth") ?? undefined });
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const result = await loadEvidencePack(deps.clickhouse, actor, lotId, parsed.data.depth);
  if (result.status === "not-found") throw notFound(`no events name lot ${lotId}`);
  if (result.status === "forbidden") throw forbidden(`lot ${lotId} belongs to plant ${result.plant}, outside your scope`);
  const archive = evidenceArchive(result.pack);
  await recordEvidenceDownload(deps.db, actor, archive);
  return new Response(archive.zip, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${archive.filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
