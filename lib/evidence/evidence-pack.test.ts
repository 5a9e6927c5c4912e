import { describe, expect, it } from "vitest";
import { REDACTED } from "../trace/redact";
import { buildEvidencePack, selectTraces } from "./evidence-pack";
import { evidenceInput } from "./evidence-fixture";

describe("recall evidence pack", () => {
  it("holds both genealogy directions, every lot's status history and the messages that carried each lot", async () => {
    const pack = buildEvidencePack(await evidenceInput());
    expect(Object.fromEntries(pack.genealogy.backward.nodes.map((n) => [n.lotId, n.depth]))).toEqual({ FG: 0, SUB: 1, RAW1: 2, RAW2: 2 });
    expect(Object.fromEntries(pack.genealogy.forward.nodes.map((n) => [n.lotId, n.depth]))).toEqual({ FG: 0, SHP: 1 });
    expect(pack.genealogy.backward.edges.filter((e) => e.operation === "merge")).toHaveLength(2);
    expect(pack.genealogy.forward.nodes.find((n) => n.lotId === "SHP")).toMatchObject({ kind: "shipment", customer: "Aquaflow Inc." });
    // The root: its latest word per system, and QMS blocks while ERP still had it posted, until ERP blocked it too.
    expect(pack.lot.statusBySystem).toMatchObject({ ERP: { status: "blocked" }, QMS: { status: "rejected" } });
    expect(pack.lot.divergence.divergent).toBe(false);
    expect(pack.statusHistory.map((s) => `${s.lotId}:${s.system}:${s.status}`)).toEqual(["FG:ERP:posted", "FG:QMS:rejected", "FG:ERP:blocked", "SUB:ERP:unrestricted", "RAW2:QMS:released"]);

    // In the order they were sent: RAW2's message first.
    expect(pack.messages.map((m) => m.messageId)).toEqual(["m3", "m1", "m2"]);
    const [m3, m1, m2] = pack.messages;
    expect(m1).toMatchObject({
      messageId: "m1",
      correlationId: "c1",
      interface: "qms-erp-hold",
      source: "QMS",
      target: "ERP",
      lots: ["FG"],
      outcome: "recovered",
      attempts: 2,
      failures: 1,
      retries: 1,
      deadLetteredAt: null,
      acknowledgedBy: "mfg.hold.placed",
      replays: 0,
    });
    expect(m1!.acknowledgedAt! > m1!.deliveredAt!).toBe(true);
    expect(m2).toMatchObject({ messageId: "m2", lots: ["SUB"], outcome: "recovered", deadLetterQueue: "dlq.mes-erp", replays: 1, replayedBy: "ops@example.com", lastError: "timeout" });
    expect(m2!.deadLetteredAt! < m2!.replayedAt!).toBe(true);
    // No ERP event follows m2's delivery on c2: delivered, not acknowledged.
    expect(m2!.acknowledgedAt).toBeNull();
    expect(m3).toMatchObject({ messageId: "m3", lots: ["RAW2"], outcome: "in_flight", deliveredAt: null });
    expect(pack.notes.join(" ")).not.toMatch(/No message in this pack was replayed/);
  });

  it("says honestly when no replay names who did it", async () => {
    const input = await evidenceInput();
    const pack = buildEvidencePack({ ...input, events: input.events.map((e) => (e.type === "integration.message.replayed" ? { ...e, payload: "{}" } : e)) });
    expect(pack.messages.find((m) => m.messageId === "m2")).toMatchObject({ replays: 1, replayedBy: "" });
    expect(pack.notes).toContain("1 replayed message(s) do not say who replayed them: their replay telemetry carries no replayedBy field.");
    const none = buildEvidencePack({ ...input, events: input.events.filter((e) => e.type !== "integration.message.replayed") });
    expect(none.notes[0]).toMatch(/^No message in this pack was replayed\. Lotline cannot replay messages yet/);
  });

  it("shows lots outside a plant manager's plants with their id only, and nothing that carried them", async () => {
    const pack = buildEvidencePack(await evidenceInput({ role: "plant_manager", plants: ["P100"], generatedBy: "pm@example.test" }));
    expect(pack.restrictedLots).toEqual(["RAW2"]);
    expect(pack.genealogy.backward.nodes.find((n) => n.lotId === "RAW2")).toMatchObject({ restricted: true, item: "", supplier: "", supplierLot: "", status: "", quantity: 0 });
    expect(pack.genealogy.backward.nodes.find((n) => n.lotId === "RAW1")).toMatchObject({ restricted: false, supplierLot: "S-1" });
    expect(pack.statusHistory.some((s) => s.lotId === "RAW2")).toBe(false);
    expect(pack.messages.map((m) => m.messageId)).toEqual(["m1", "m2"]);
    expect(pack.events.some((e) => e.plant === "P200" || e.correlationId === "c3")).toBe(false);
    expect(pack.plantScope).toEqual(["P100"]);
    expect(pack.notes).toContain("1 lot(s) belong to plants outside pm@example.test's scope: they appear with their id only, without facts, status history or messages.");
  });

  it("masks the redaction list in payloads, and leaves payloads out for roles that may not read them", async () => {
    const admin = buildEvidencePack(await evidenceInput());
    const payloads = admin.events.map((e) => e.payload ?? "").join("\n");
    expect(payloads).not.toContain("secret-123");
    expect(payloads).not.toContain("qa@example.com");
    expect(payloads).toContain(`"token":"${REDACTED}"`);
    expect(admin.payloads).toEqual({ included: true, redactedFields: ["token", "email"] });

    const viewer = buildEvidencePack(await evidenceInput({ role: "viewer", canReadPayload: false }));
    expect(viewer.events.length).toBe(admin.events.length);
    expect(viewer.events.every((e) => !("payload" in e))).toBe(true);
    expect(viewer.payloads).toEqual({ included: false, redactedFields: [] });
    expect(viewer.notes).toContain("Payloads are left out: the role viewer may not read them.");
    // The route is the message's envelope, not its content: a viewer still sees where it went.
    expect(viewer.messages.find((m) => m.messageId === "m1")).toMatchObject({ source: "QMS", target: "ERP" });
  });

  it("says which bound cut the pack", async () => {
    const small = buildEvidencePack({ ...(await evidenceInput({}, 3)), eventsTruncated: true, tracesTruncated: true });
    expect(small.truncated).toEqual({ backward: true, forward: false, traces: true, events: true });
    expect(small.genealogy.backward.nodes).toHaveLength(3);
    expect(small.notes.some((n) => n.startsWith("The backward genealogy stopped at 2000 lots"))).toBe(true);
    expect(small.notes.some((n) => n.startsWith("The events stopped at 50000"))).toBe(true);

    // A depth limit is not a truncation, but the pack says where the graph goes on.
    const shallow = buildEvidencePack(await evidenceInput({ depth: 1 }));
    expect(shallow.truncated).toEqual({ backward: false, forward: false, traces: false, events: false });
    expect(shallow.beyondDepth).toEqual({ backward: ["SUB"], forward: [] });
    expect(shallow.notes).toContain("1 lot(s) at depth 1 of the backward genealogy lead further than the depth asked for.");
  });

  it("selects correlation ids nearest the root first, within the per-lot and total bounds", () => {
    const byLot = new Map([
      ["FG", ["a", "b", "c"]],
      ["SUB", ["b", "d"]],
      ["RAW1", ["e"]],
    ]);
    expect(selectTraces(["FG", "SUB", "RAW1"], byLot, 3, 10)).toEqual({
      traces: new Map([
        ["FG", ["a", "b", "c"]],
        ["SUB", ["b", "d"]],
        ["RAW1", ["e"]],
      ]),
      correlationIds: ["a", "b", "c", "d", "e"],
      truncated: false,
    });
    // FG has more than 2: cut, and said so.
    expect(selectTraces(["FG", "SUB"], byLot, 2, 10).truncated).toBe(true);
    // At the total bound a correlation id already chosen still links to the next lot; a new one does not.
    const capped = selectTraces(["FG", "SUB", "RAW1"], byLot, 3, 3);
    expect(capped.correlationIds).toEqual(["a", "b", "c"]);
    expect(capped.traces.get("SUB")).toEqual(["b"]);
    expect(capped.traces.has("RAW1")).toBe(false);
    expect(capped.truncated).toBe(true);
  });
});
