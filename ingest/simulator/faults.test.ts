import { describe, expect, it } from "vitest";
import { parseCloudEvent } from "../../lib/events/to-row";
import { simulateRange } from "./estate";
import { createRng } from "./random";
import { applyStreamFaults } from "./stream-faults";

const to = new Date("2026-11-24T12:00:00Z");
const from = new Date(to.getTime() - 3 * 3_600_000);
function chains(events: ReturnType<typeof run>) {
  const by = new Map<string, ReturnType<typeof run>>();
  for (const e of events) by.set(e.correlationid!, [...(by.get(e.correlationid!) ?? []), e]);
  return [...by.values()];
}

const run = (faults = {}) => simulateRange({ seed: 42, workflowsPerMinute: 30, faults }, from, to, 5_000);

describe("simulator faults", () => {
  const baseline = run();

  it("qms-outage: every delivery to QMS fails and ends dead-lettered, nothing reaches QMS through middleware", () => {
    const events = run({ qmsOutage: true });
    const toQms = events.filter((e) => e.type.startsWith("integration.") && (e.data as { to?: string }).to === "QMS");
    expect(toQms.some((e) => e.type === "integration.message.deadlettered")).toBe(true);
    expect(toQms.some((e) => e.type === "integration.message.delivered")).toBe(false);
    expect(events.some((e) => e.type === "mfg.inspection.created")).toBe(false);
    expect(baseline.some((e) => e.type === "mfg.inspection.created")).toBe(true);
  });

  it("late-erp: every ERP hold and confirmation posting lands after its SLA", () => {
    const events = run({ lateErp: true });
    const gaps = (type: string, trigger: string) =>
      chains(events).flatMap((chain) => {
        const end = chain.find((e) => e.type === type);
        const start = chain.find((e) => e.type === trigger);
        return end && start ? [Date.parse(end.time!) - Date.parse(start.time!)] : [];
      });
    const holds = gaps("mfg.hold.placed", "mfg.inspection.failed");
    const postings = gaps("mfg.confirmation.posted", "mfg.lot.produced");
    expect(holds.length).toBeGreaterThan(0);
    expect(postings.length).toBeGreaterThan(0);
    expect(Math.min(...holds)).toBeGreaterThan(5 * 60_000);
    expect(Math.min(...postings)).toBeGreaterThan(15 * 60_000);
  });

  it("lost-hold: some failed inspections are delivered to ERP yet never become a hold", () => {
    const lostIn = (events: ReturnType<typeof run>) =>
      chains(events).filter(
        // Delivered well before the end of the range, so a hold would have been posted by then.
        (chain) =>
          chain.some((e) => e.type === "mfg.inspection.failed") &&
          chain.some((e) => e.type === "integration.message.delivered" && Date.parse(e.time!) < to.getTime() - 20 * 60_000) &&
          !chain.some((e) => e.type === "mfg.hold.placed"),
      ).length;
    expect(lostIn(run({ lostHold: true }))).toBeGreaterThan(0);
    expect(lostIn(baseline)).toBe(0);
  });

  it("is deterministic for a seed and faults", () => {
    expect(run({ lostHold: true }).map((e) => e.id)).toEqual(run({ lostHold: true }).map((e) => e.id));
  });
});

describe("stream faults", () => {
  const events = run().slice(0, 2_000);

  it("duplicates re-send events with the same id; malformed ones fail validation", () => {
    const out = applyStreamFaults(events, createRng(7), { duplicates: 0.05, malformed: 0.02 });
    const dupes = out.filter((o) => o.kind === "event" && o.duplicate);
    const bad = out.filter((o) => o.kind === "malformed");
    expect(dupes.length).toBeGreaterThan(50);
    expect(bad.length).toBeGreaterThan(10);
    for (const b of bad) {
      if (b.kind !== "malformed") continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(b.raw);
      } catch {
        expect(b.reason).toBe("not JSON");
        continue;
      }
      expect(parseCloudEvent(parsed, new Date()).ok).toBe(false);
    }
    expect(out.length).toBe(events.length + dupes.length);
  });

  it("changes nothing when off", () => {
    expect(applyStreamFaults(events, createRng(7), {}).map((o) => (o.kind === "event" ? o.event.id : ""))).toEqual(events.map((e) => e.id));
  });
});
