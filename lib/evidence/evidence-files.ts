import { createHash } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { toCsv, type CsvCell } from "../csv/to-csv";
import { EVIDENCE_DIRECTIONS, type EvidencePack, type EvidenceTruncation } from "./evidence-pack";

export const EVIDENCE_FORMAT = "lotline-evidence-pack/1";

export interface EvidenceFile {
  name: string;
  description: string;
  bytes: Uint8Array;
  /** Data rows of a CSV file (the header not counted). */
  rows?: number;
}

export interface ManifestFile {
  name: string;
  description: string;
  rows?: number;
  bytes: number;
  sha256: string;
}

export interface EvidenceManifest {
  format: typeof EVIDENCE_FORMAT;
  lotId: string;
  generatedAt: string;
  generatedBy: string;
  role: EvidencePack["role"];
  plantScope: string[] | null;
  depth: number;
  directions: readonly string[];
  counts: {
    lots: number;
    backwardLots: number;
    forwardLots: number;
    restrictedLots: number;
    statusChanges: number;
    messages: number;
    failedMessages: number;
    deadLetteredMessages: number;
    replays: number;
    events: number;
  };
  truncated: EvidenceTruncation;
  limits: EvidencePack["limits"];
  payloads: EvidencePack["payloads"];
  files: ManifestFile[];
  notes: string[];
  readme: string;
}

export interface EvidenceArchive {
  filename: string;
  manifest: EvidenceManifest;
  /** SHA-256 of manifest.json as zipped: the one digest that pins the whole pack. */
  manifestSha256: string;
  zip: Uint8Array<ArrayBuffer>;
}

const README =
  "Recall evidence pack from Lotline: the backward (where-from) and forward (where-used) genealogy of one lot, " +
  "the status every system reported for each lot in it, and the integration messages that carried those lots. " +
  "Times are ISO 8601 UTC; CSV files are UTF-8 with CRLF line ends (RFC 4180); cells a spreadsheet would run as a formula start with an apostrophe. " +
  "Each file's SHA-256 is listed below: recompute it to show a file is unchanged.";

const csvFile = (name: string, description: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): EvidenceFile => ({
  name,
  description,
  bytes: strToU8(toCsv([header, ...rows])),
  rows: rows.length,
});

export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** The data files of a pack, in the order the manifest lists them. */
export function evidenceFiles(pack: EvidencePack): EvidenceFile[] {
  const nodes = EVIDENCE_DIRECTIONS.flatMap((direction) =>
    pack.genealogy[direction].nodes.map((n) => [
      direction, n.depth, n.lotId, n.kind, n.item, n.plant, n.status, n.held, n.divergent, n.quantity, n.uom, n.supplier, n.supplierLot, n.customer, n.restricted, n.expandable,
    ]),
  );
  const edges = EVIDENCE_DIRECTIONS.flatMap((direction) => pack.genealogy[direction].edges.map((e) => [direction, e.from, e.to, e.operation, e.orderId, e.quantity, e.uom, e.time]));
  const messages = pack.messages.flatMap((m) =>
    m.lots.map((lot) => [
      lot, m.messageId, m.correlationId, m.interface, m.source, m.target, m.outcome, m.sentAt, m.deliveredAt, m.acknowledgedAt, m.acknowledgedBy,
      m.attempts, m.failures, m.retries, m.deadLetteredAt, m.deadLetterQueue, m.lastError, m.replays, m.replayedAt, m.replayedBy, m.plant,
    ]),
  );
  const events = pack.events.map((e) => [
    e.time, e.id, e.correlationId, e.messageId, e.system, e.plant, e.type, e.kind, e.status, e.lotId, e.orderId, e.durationMs, e.error, e.traceId, e.spanId, e.source, e.payload,
  ]);
  return [
    csvFile(
      "genealogy-nodes.csv",
      "One row per lot and direction: depth is the fewest links from the root (0); restricted lots show their id only; leadsFurther marks lots at the depth limit with links beyond it.",
      ["direction", "depth", "lotId", "kind", "item", "plant", "status", "held", "divergent", "quantity", "uom", "supplier", "supplierLot", "customer", "restricted", "leadsFurther"],
      nodes,
    ),
    csvFile(
      "genealogy-edges.csv",
      "One row per link and direction: material of lot `from` went into lot or shipment `to` by the operation, order and quantity shown.",
      ["direction", "from", "to", "operation", "orderId", "quantity", "uom", "time"],
      edges,
    ),
    csvFile(
      "status-history.csv",
      "Every status each system reported for each lot of the genealogy, oldest first per lot; eventId is the business event that said it.",
      ["lotId", "system", "time", "status", "type", "eventId"],
      pack.statusHistory.map((s) => [s.lotId, s.system, s.time, s.status, s.type, s.eventId]),
    ),
    csvFile(
      "messages.csv",
      "One row per lot and integration message on a correlation id that carried the lot: route, outcome, when it was sent, delivered, acknowledged by its target, failures, retries, dead letter, replays and who replayed it.",
      [
        "lotId", "messageId", "correlationId", "interface", "source", "target", "outcome", "sentAt", "deliveredAt", "acknowledgedAt", "acknowledgedBy",
        "attempts", "failures", "retries", "deadLetteredAt", "deadLetterQueue", "lastError", "replays", "replayedAt", "replayedBy", "plant",
      ],
      messages,
    ),
    csvFile(
      "events.csv",
      "Every business event and telemetry record of those correlation ids in time order; payload is empty for roles that may not read payloads.",
      ["time", "eventId", "correlationId", "messageId", "system", "plant", "type", "kind", "status", "lotId", "orderId", "durationMs", "error", "traceId", "spanId", "source", "payload"],
      events,
    ),
    {
      name: "pack.json",
      description: "Everything above in one JSON document, with the lot's facts, its latest status per system and whether the systems disagree.",
      bytes: strToU8(`${JSON.stringify(pack, null, 2)}\n`),
    },
  ];
}

/** The manifest of a pack's files: what each holds, how many rows, its size and SHA-256. */
export function evidenceManifest(pack: EvidencePack, files: readonly EvidenceFile[]): EvidenceManifest {
  return {
    format: EVIDENCE_FORMAT,
    lotId: pack.lotId,
    generatedAt: pack.generatedAt,
    generatedBy: pack.generatedBy,
    role: pack.role,
    plantScope: pack.plantScope,
    depth: pack.depth,
    directions: EVIDENCE_DIRECTIONS,
    counts: {
      lots: new Set(EVIDENCE_DIRECTIONS.flatMap((d) => pack.genealogy[d].nodes.map((n) => n.lotId))).size,
      backwardLots: pack.genealogy.backward.nodes.length,
      forwardLots: pack.genealogy.forward.nodes.length,
      restrictedLots: pack.restrictedLots.length,
      statusChanges: pack.statusHistory.length,
      messages: pack.messages.length,
      failedMessages: pack.messages.filter((m) => m.failures > 0).length,
      deadLetteredMessages: pack.messages.filter((m) => m.deadLetteredAt !== null).length,
      replays: pack.messages.reduce((n, m) => n + m.replays, 0),
      events: pack.events.length,
    },
    truncated: pack.truncated,
    limits: pack.limits,
    payloads: pack.payloads,
    files: files.map((f) => ({ name: f.name, description: f.description, ...(f.rows !== undefined ? { rows: f.rows } : {}), bytes: f.bytes.length, sha256: sha256(f.bytes) })),
    notes: pack.notes,
    readme: README,
  };
}

/** `lotline-evidence-<lot>-<yyyymmddThhmmZ>.zip`; characters a file system may refuse become `_`. */
export function evidenceFilename(lotId: string, generatedAt: string): string {
  const stamp = generatedAt.slice(0, 16).replaceAll("-", "").replace(":", "");
  return `lotline-evidence-${lotId.replace(/[^A-Za-z0-9._-]/g, "_")}-${stamp}Z.zip`;
}

/** The zip of a pack: manifest.json first, then the data files, all stamped with the generation time. */
export function evidenceArchive(pack: EvidencePack): EvidenceArchive {
  const files = evidenceFiles(pack);
  const manifest = evidenceManifest(pack, files);
  const manifestBytes = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  const mtime = new Date(pack.generatedAt);
  const entries = [["manifest.json", manifestBytes] as const, ...files.map((f) => [f.name, f.bytes] as const)];
  // fflate allocates the archive in a fresh ArrayBuffer; its types predate TypeScript's buffer generics.
  const zip = zipSync(Object.fromEntries(entries.map(([name, bytes]) => [name, [bytes, { mtime }]]))) as Uint8Array<ArrayBuffer>;
  return { filename: evidenceFilename(pack.lotId, pack.generatedAt), manifest, manifestSha256: sha256(manifestBytes), zip };
}
