import "server-only";
import type { Actor } from "../auth/actor";
import { auditActor } from "../audit/audit-actor";
import { getDb } from "../runtime";
import type { EvidenceArchive } from "./evidence-files";

export const EVIDENCE_DOWNLOAD_ACTION = "evidence_pack.downloaded";

/**
 * A recall pack leaves the system with the evidence of a lot: who took which pack, and the
 * digest of its manifest (which pins every file's SHA-256), is recorded before it is handed out.
 */
export async function recordEvidenceDownload(actor: Actor, archive: EvidenceArchive): Promise<void> {
  const { manifest } = archive;
  await (await getDb()).auditLog.create({
    data: {
      ...auditActor(actor, "system"),
      at: new Date(manifest.generatedAt),
      action: EVIDENCE_DOWNLOAD_ACTION,
      entityType: "lot",
      entityId: manifest.lotId,
      after: {
        filename: archive.filename,
        manifestSha256: archive.manifestSha256,
        depth: manifest.depth,
        plantScope: manifest.plantScope,
        counts: manifest.counts,
        truncated: { ...manifest.truncated },
      },
    },
  });
}
