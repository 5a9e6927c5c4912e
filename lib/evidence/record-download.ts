import "server-only";
import type { Actor } from "../auth/actor";
import { emit, type AuditAction } from "../audit/emit";
import type { Db } from "../db/client";
import type { EvidenceArchive } from "./evidence-files";

export const EVIDENCE_DOWNLOAD_ACTION = "evidence_pack.downloaded" satisfies AuditAction;

/**
 * A recall pack leaves the system with the evidence of a lot: who took which pack, and the
 * digest of its manifest (which pins every file's SHA-256), is recorded before it is handed out.
 */
export async function recordEvidenceDownload(db: Db, actor: Actor, archive: EvidenceArchive): Promise<void> {
  const { manifest } = archive;
  await emit(db, actor, {
    at: new Date(manifest.generatedAt),
    action: EVIDENCE_DOWNLOAD_ACTION,
    entity: { type: "lot", id: manifest.lotId },
    after: {
      filename: archive.filename,
      manifestSha256: archive.manifestSha256,
      depth: manifest.depth,
      plantScope: manifest.plantScope,
      counts: manifest.counts,
      truncated: { ...manifest.truncated },
    },
  });
}
