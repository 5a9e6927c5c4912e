import type { ClickHouseClient } from "@clickhouse/client";
import type { Db } from "../lib/db/client";
import { createHash } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateRange } from "../ingest/simulator/estate";
import type { Actor } from "../lib/auth/actor";
import type { CloudEvent } from "../lib/events/contract";
import type { EvidenceManifest } from "../lib/evidence/evidence-files";
import type { EvidencePack } from "../lib/evidence/evidence-pack";
import { NOT_LOT_STATUS_TYPES } from "../lib/lots/status-events";
import { BUSINESS_TYPES, TELEMETRY_TYPES } from "../lib/workflows/catalog";
import { embeddedTestEnv } from "./embedded-env";
import { closure } from "./genealogy-closure";

const dir = embeddedTestEnv("evidence-pack");

const { getRuntime } = await import("../server/runtime");
const { loadEvidencePack } = await import("../lib/evidence/load-evidence");
const { evidenceArchive } = await import("../lib/evidence/evidence-files");
const { recordEvidenceDownload, EVIDENCE_DOWNLOAD_ACTION } = await import("../lib/evidence/record-download");

const admin: Actor = { id: "u-admin", email: "admin@example.test", name: "Admin", role: "admin", plants: null };

// One simulated hour of five plants where a quarter of the messages fail at first (retried, some
// dead-lettered). A QMS outage would fail more, but for a whole hour it stops all production: no genealogy.
const TO = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
const FROM = new Date(TO.getTime() - 3_600_000);
let events: CloudEvent[];

/** RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

async function download(actor: Actor, lotId: string) {
  const result = await loadEvidencePack(ch, actor, lotId, 25);
  if (result.status !== "ok") throw new Error(result.status);
  const archive = evidenceArchive(result.pack);
  const files = unzipSync(archive.zip);
  const text = (name: string) => strFromU8(files[name]!);
  return { archive, files, text, manifest: JSON.parse(text("manifest.json")) as EvidenceManifest, pack: JSON.parse(text("pack.json")) as EvidencePack };
}

let ch!: ClickHouseClient;
let db!: Db;

beforeAll(async () => {
  const booted = await getRuntime();
  ch = booted.clickhouse;
  db = booted.db!;
  const runtime = await getRuntime();
  events = simulateRange({ seed: 7301, workflowsPerMinute: 120, failureRate: 0.25, faults: { lostHold: true } }, FROM, TO);
  for (let i = 0; i < events.length; i += 10_000) await runtime.ingest.ingest(events.slice(i, i + 10_000), { channel: "simulator", requestId: `evidence-${i}` });
}, 120_000);

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("recall evidence pack on a simulated hour (real chDB)", () => {
  it("holds exactly the genealogy, status history and messages the events describe, with verifiable hashes", async () => {
    const parents = new Map<string, string[]>();
    for (const e of events) {
      if (e.type !== BUSINESS_TYPES.lotProduced && e.type !== BUSINESS_TYPES.shipmentConfirmed) continue;
      parents.set(e.lotid!, [...(parents.get(e.lotid!) ?? []), ...(e.data as { inputs: { lotId: string }[] }).inputs.map((i) => i.lotId)]);
    }
    const children = new Map<string, string[]>();
    for (const [child, list] of parents) for (const p of list) children.set(p, [...(children.get(p) ?? []), child]);
    const deadLettered = new Set(events.filter((e) => e.type === TELEMETRY_TYPES.deadLettered).map((e) => e.correlationid));
    const deadLetteredLots = new Set(events.filter((e) => e.lotid && deadLettered.has(e.correlationid)).map((e) => e.lotid));
    // A shipped lot made from other lots, one of which a dead-lettered message carried: its pack
    // reaches back to supplier lots, forward to a shipment, and holds failures.
    const shipped = events.filter((e) => e.type === BUSINESS_TYPES.shipmentConfirmed).flatMap((e) => (e.data as { inputs: { lotId: string }[] }).inputs.map((i) => i.lotId));
    const lotId = shipped.find((lot) => {
      const ancestors = closure(lot, (l) => parents.get(l) ?? []);
      return ancestors.size >= 4 && [...ancestors.keys()].some((l) => deadLetteredLots.has(l));
    });
    expect(lotId, "the simulated hour shipped a lot with three or more ancestors, one of them on a dead-lettered message").toBeDefined();

    const { archive, files, text, manifest, pack } = await download(admin, lotId!);

    // The manifest's digests are the files' bytes.
    for (const f of manifest.files) expect(createHash("sha256").update(files[f.name]!).digest("hex"), f.name).toBe(f.sha256);
    expect(createHash("sha256").update(files["manifest.json"]!).digest("hex")).toBe(archive.manifestSha256);
    expect(manifest).toMatchObject({ lotId, generatedBy: admin.email, depth: 25, directions: ["backward", "forward"], truncated: { backward: false, forward: false, traces: false, events: false } });
    expect(archive.filename).toMatch(new RegExp(`^lotline-evidence-${lotId}-\\d{8}T\\d{4}Z\\.zip$`));

    // Genealogy: every ancestor and descendant at its fewest links, as the produced and shipped events say.
    const nodes = parseCsv(text("genealogy-nodes.csv"));
    const depthsOf = (direction: string) => Object.fromEntries(nodes.filter((n) => n.direction === direction).map((n) => [n.lotId, Number(n.depth)]));
    expect(depthsOf("backward")).toEqual(Object.fromEntries(closure(lotId!, (l) => parents.get(l) ?? [])));
    expect(depthsOf("forward")).toEqual(Object.fromEntries(closure(lotId!, (l) => children.get(l) ?? [])));
    expect(nodes.some((n) => n.direction === "forward" && n.kind === "shipment")).toBe(true);
    expect(nodes.some((n) => n.direction === "backward" && n.kind === "supplier_lot" && n.supplierLot !== "")).toBe(true);
    const edges = parseCsv(text("genealogy-edges.csv"));
    expect(edges.filter((e) => e.direction === "backward").map((e) => `${e.from}>${e.to}`).sort()).toEqual(
      Object.keys(depthsOf("backward")).flatMap((child) => (parents.get(child) ?? []).map((p) => `${p}>${child}`)).sort(),
    );

    // Status history: one row per status-bearing business event of every lot in the pack, per system.
    const lots = new Set(nodes.map((n) => n.lotId));
    const history = parseCsv(text("status-history.csv"));
    const statusEvents = events.filter((e) => lots.has(e.lotid ?? "") && !e.type.startsWith("integration.") && !NOT_LOT_STATUS_TYPES.includes(e.type));
    expect(history.map((h) => h.eventId).sort()).toEqual(statusEvents.map((e) => e.id).sort());
    const rootSystems = new Set(statusEvents.filter((e) => e.lotid === lotId).map((e) => e.sourcesystem));
    expect(new Set(history.filter((h) => h.lotId === lotId).map((h) => h.system))).toEqual(rootSystems);
    expect(rootSystems.size).toBeGreaterThan(0);

    // Messages: per lot, every message id on the correlation ids that name the lot.
    const messages = parseCsv(text("messages.csv"));
    for (const lot of lots) {
      const correlations = new Set(events.filter((e) => e.lotid === lot).map((e) => e.correlationid));
      const expected = new Set(events.filter((e) => correlations.has(e.correlationid) && e.messageid).map((e) => e.messageid));
      expect(new Set(messages.filter((m) => m.lotId === lot).map((m) => m.messageId)), lot).toEqual(expected);
    }
    // A message that failed, was retried and ended in the dead-letter queue, as its telemetry says.
    const dead = messages.find((m) => m.outcome === "dead_lettered" && Number(m.retries) > 0);
    expect(dead, "a message of the pack was retried and dead-lettered").toBeDefined();
    const telemetry = events.filter((e) => e.messageid === dead!.messageId);
    expect(Number(dead!.failures)).toBe(telemetry.filter((e) => e.type === TELEMETRY_TYPES.failed).length);
    expect(Number(dead!.retries)).toBe(telemetry.filter((e) => e.type === TELEMETRY_TYPES.retried).length);
    expect(dead!.lastError).toBe(telemetry.filter((e) => e.errormessage).at(-1)!.errormessage);
    expect(dead!.target).toBe((telemetry[0]!.data as { to: string }).to);
    expect(dead!.deadLetteredAt).toBe(telemetry.find((e) => e.type === TELEMETRY_TYPES.deadLettered)!.time);
    expect(dead!.deliveredAt).toBe("");
    // A delivered message is acknowledged by the first event of its target system after the delivery.
    const acknowledged = messages.find((m) => m.outcome === "delivered" && m.acknowledgedAt !== "");
    expect(acknowledged).toBeDefined();
    expect(messages.some((m) => m.outcome === "recovered")).toBe(true);
    const ackEvent = events.find((e) => e.correlationid === acknowledged!.correlationId && e.time === acknowledged!.acknowledgedAt)!;
    expect(ackEvent.sourcesystem).toBe(acknowledged!.target);

    // events.csv: every event of those correlation ids, and the counts agree with the files.
    const packCorrelations = new Set(events.filter((e) => lots.has(e.lotid ?? "")).map((e) => e.correlationid));
    const eventRows = parseCsv(text("events.csv"));
    expect(eventRows.map((e) => e.eventId).sort()).toEqual(events.filter((e) => packCorrelations.has(e.correlationid)).map((e) => e.id).sort());
    expect(manifest.files.find((f) => f.name === "messages.csv")!.rows).toBe(messages.length);
    expect(manifest.counts).toMatchObject({ messages: pack.messages.length, events: eventRows.length, statusChanges: history.length });
    expect(eventRows.some((e) => e.payload?.startsWith("{"))).toBe(true);

    // Downloading it is audited with the manifest's digest.
    const user = await db.user.findFirstOrThrow({ where: { role: "admin" } });
    await recordEvidenceDownload(db, { ...admin, id: user.id, email: user.email }, archive);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: EVIDENCE_DOWNLOAD_ACTION, entityId: lotId } });
    expect(audit).toMatchObject({ actorId: user.id, actorLabel: user.email, entityType: "lot" });
    expect(audit.after).toMatchObject({ filename: archive.filename, manifestSha256: archive.manifestSha256, depth: 25 });
  });

  it("refuses a lot of another plant to its plant manager, gives viewers no payloads, and knows no unknown lot", async () => {
    const lot = events.find((e) => e.type === BUSINESS_TYPES.lotReceived)!;
    const otherPlant = ["P100", "P200", "P300", "P400", "P500"].find((p) => p !== lot.plant)!;
    const manager = (plants: string[]): Actor => ({ id: "u-pm", email: "pm@example.test", name: "PM", role: "plant_manager", plants });
    expect(await loadEvidencePack(ch, manager([otherPlant]), lot.lotid!, 25)).toEqual({ status: "forbidden", plant: lot.plant });
    expect((await loadEvidencePack(ch, manager([lot.plant!]), lot.lotid!, 25)).status).toBe("ok");
    expect((await loadEvidencePack(ch, admin, "L-NO-SUCH-LOT", 25)).status).toBe("not-found");

    const { text, manifest } = await download({ ...admin, role: "viewer" }, lot.lotid!);
    const rows = parseCsv(text("events.csv"));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.payload === "")).toBe(true);
    expect(manifest.payloads.included).toBe(false);
  });
});
