import { createHash } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { evidenceArchive, evidenceFilename, evidenceFiles, type EvidenceManifest } from "./evidence-files";
import { evidenceInput } from "./evidence-fixture";
import { buildEvidencePack } from "./evidence-pack";

const hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("recall evidence files", () => {
  it("zips a manifest whose SHA-256 and row counts match the bytes of every file", async () => {
    const archive = evidenceArchive(buildEvidencePack(await evidenceInput()));
    const unzipped = unzipSync(archive.zip);
    expect(Object.keys(unzipped)).toEqual(["manifest.json", "genealogy-nodes.csv", "genealogy-edges.csv", "status-history.csv", "messages.csv", "events.csv", "pack.json"]);
    const manifest = JSON.parse(strFromU8(unzipped["manifest.json"]!)) as EvidenceManifest;
    expect(manifest).toEqual(JSON.parse(JSON.stringify(archive.manifest)));
    expect(hex(unzipped["manifest.json"]!)).toBe(archive.manifestSha256);
    expect(manifest.files.map((f) => f.name)).toEqual(Object.keys(unzipped).slice(1));
    for (const file of manifest.files) {
      const bytes = unzipped[file.name]!;
      expect(file.sha256, file.name).toBe(hex(bytes));
      expect(file.bytes, file.name).toBe(bytes.length);
      expect(file.description.length, file.name).toBeGreaterThan(20);
      if (file.name.endsWith(".csv")) expect(file.rows, file.name).toBe(strFromU8(bytes).split("\r\n").length - 2);
    }
    expect(manifest).toMatchObject({
      format: "lotline-evidence-pack/1",
      lotId: "FG",
      generatedAt: "2026-11-24T09:05:42.123Z",
      generatedBy: "admin@example.test",
      depth: 10,
      directions: ["backward", "forward"],
      counts: { lots: 5, backwardLots: 4, forwardLots: 2, restrictedLots: 0, statusChanges: 5, messages: 3, failedMessages: 2, deadLetteredMessages: 1, replays: 1, events: 12 },
      truncated: { backward: false, forward: false, traces: false, events: false },
    });
    expect(manifest.readme).toMatch(/SHA-256/);
    expect(JSON.parse(strFromU8(unzipped["pack.json"]!))).toMatchObject({ lotId: "FG", messages: [{ messageId: "m3" }, { messageId: "m1" }, { messageId: "m2" }] });
    // Every entry carries the generation time, so the same pack zips to the same bytes.
    expect(evidenceArchive(buildEvidencePack(await evidenceInput())).zip).toEqual(archive.zip);
  });

  it("writes RFC 4180 CSV: quotes commas, quotes and line breaks, and defuses formulas", async () => {
    const files = new Map(evidenceFiles(buildEvidencePack(await evidenceInput())).map((f) => [f.name, strFromU8(f.bytes)]));
    const messages = files.get("messages.csv")!;
    expect(messages.split("\r\n")[0]).toBe(
      "lotId,messageId,correlationId,interface,source,target,outcome,sentAt,deliveredAt,acknowledgedAt,acknowledgedBy,attempts,failures,retries,deadLetteredAt,deadLetterQueue,lastError,replays,replayedAt,replayedBy,plant",
    );
    const m1 = messages.split("\r\n").find((l) => l.startsWith("FG,m1,"))!;
    expect(m1).toContain(`,"'=ERP said ""no"", try later\nagain",`);
    expect(m1).toMatch(/,recovered,/);
    const events = files.get("events.csv")!;
    // A JSON payload is one quoted cell, its quotes doubled.
    expect(events).toContain(`"{""interface"":""qms-erp-hold"",""from"":""QMS"",""to"":""ERP"",""token"":""•••""}"`);
    expect(files.get("genealogy-edges.csv")!.split("\r\n")).toContain("backward,RAW2,SUB,merge,PO-SUB,10,KG,2026-11-24T08:01:00.000Z");
    expect(files.get("genealogy-nodes.csv")!.split("\r\n")).toContain("forward,1,SHP,shipment,ITEM-SHP,P100,,false,false,10,KG,,,Aquaflow Inc.,false,false");
    expect(files.get("status-history.csv")!.split("\r\n")[1]).toBe("FG,ERP,2026-11-24T08:02:00.000Z,posted,mfg.stock.status_updated,st-FG-ERP-2");
  });

  it("leaves the payload column empty for a role without events:read_payload", async () => {
    const files = new Map(evidenceFiles(buildEvidencePack(await evidenceInput({ role: "viewer", canReadPayload: false }))).map((f) => [f.name, strFromU8(f.bytes)]));
    const rows = files.get("events.csv")!.trim().split("\r\n").slice(1);
    expect(rows.length).toBe(12);
    expect(rows.every((r) => r.endsWith(","))).toBe(true);
    expect(files.get("pack.json")).not.toContain("secret");
    expect(files.get("pack.json")).not.toContain('"payload"');
  });

  it("names the zip after the lot and the minute, safe for any file system", () => {
    expect(evidenceFilename("L-P100-000231", "2026-11-24T13:43:27.384Z")).toBe("lotline-evidence-L-P100-000231-20261124T1343Z.zip");
    expect(evidenceFilename('a/b"c', "2026-01-02T03:04:05.000Z")).toBe("lotline-evidence-a_b_c-20260102T0304Z.zip");
  });
});
