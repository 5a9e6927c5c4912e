import { describe, expect, it } from "vitest";
import { cloudEventSchema } from "../lib/events/contract";
import { GENEALOGY_LEVELS, GENEALOGY_LOTS, GENEALOGY_ROOT, genealogyTree, rekeyEvent } from "./bench-queries-seed";

const pool = { spanMs: 3_600_000, strides: { L: 5000, SHP: 600, PO: 2100 } };
const produced = JSON.stringify({
  specversion: "1.0",
  id: "evt-dc9b6c66f03d931ed778",
  source: "/plants/P100/mes",
  type: "mfg.lot.produced",
  time: "2026-11-19T23:01:44.503Z",
  plant: "P100",
  correlationid: "corr-c7ede4c460e14f9d",
  traceparent: "00-98fe047efff0a4966282ddcdb9fce8b8-2b389546a98dc355-01",
  lotid: "L-P100-000070",
  orderid: "PO-P100-000002",
  messageid: "msg-86ddfe8648ecf020",
  data: { supplierLot: "S43-568D92", inputs: [{ lotId: "L-P100-000009", quantity: 220 }], message: "lot L-P100-000070 released", shipment: "SHP-P100-000001" },
});

describe("bench seed: re-keyed copies of the simulator pool", () => {
  it("keeps copy 0 as simulated", () => {
    expect(rekeyEvent(produced, 0, pool)).toBe(produced);
  });

  it("gives every id of a copy a new value of the same shape, the same everywhere it appears, and moves the time back", () => {
    const copy = JSON.parse(rekeyEvent(produced, 3, pool)) as Record<string, unknown> & { data: { supplierLot: string; inputs: { lotId: string }[]; message: string; shipment: string } };
    expect(cloudEventSchema.safeParse(copy).success).toBe(true);
    expect(copy.lotid).toBe("L-P100-015070");
    expect(copy.orderid).toBe("PO-P100-006302");
    expect(copy.data.inputs[0]!.lotId).toBe("L-P100-015009");
    expect(copy.data.message).toBe("lot L-P100-015070 released");
    expect(copy.data.shipment).toBe("SHP-P100-001801");
    expect(copy.time).toBe("2026-11-19T20:01:44.503Z");
    for (const [key, shape] of [
      ["id", /^evt-[0-9a-f]{20}$/],
      ["correlationid", /^corr-[0-9a-f]{16}$/],
      ["messageid", /^msg-[0-9a-f]{16}$/],
      ["traceparent", /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/],
    ] as const) {
      expect(copy[key]).toMatch(shape);
      expect(copy[key]).not.toBe((JSON.parse(produced) as Record<string, unknown>)[key]);
    }
    expect(copy.data.supplierLot).toMatch(/^S43-[0-9A-F]{6}$/);
    expect(copy.data.supplierLot).not.toBe("S43-568D92");
    expect(rekeyEvent(produced, 4, pool)).not.toBe(rekeyEvent(produced, 3, pool));
  });
});

describe("bench seed: genealogy tree", () => {
  it("is one root and 10,000 lots over 8 levels, each produced from lots of the level above, some merged from two", () => {
    const events = genealogyTree(new Date("2026-11-20T00:00:00Z"));
    expect(events).toHaveLength(GENEALOGY_LOTS + 1);
    expect(events.every((e) => cloudEventSchema.safeParse(e).success)).toBe(true);
    const level = new Map<string, number>([[GENEALOGY_ROOT, 0]]);
    let merges = 0;
    for (const e of events.slice(1)) {
      const inputs = (e.data as { inputs: { lotId: string }[] }).inputs;
      const parentLevels = inputs.map((i) => level.get(i.lotId));
      expect(parentLevels.every((l) => l !== undefined && l === parentLevels[0])).toBe(true);
      level.set(e.lotid!, parentLevels[0]! + 1);
      if (inputs.length > 1) merges++;
    }
    expect(Math.max(...level.values())).toBe(GENEALOGY_LEVELS);
    expect(merges).toBeGreaterThan(1000);
  });
});
