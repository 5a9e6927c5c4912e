import { describe, expect, it } from "vitest";
import { messageKey } from "./message-key";
import type { ReplayMessage } from "./message-lookup";
import { planReplay } from "./plan";

const msg = (id: string, over: Partial<ReplayMessage> = {}): ReplayMessage => ({
  correlationId: `c-${id}`,
  messageId: `m-${id}`,
  plant: "P100",
  interface: "erp-mes-order",
  from: "ERP",
  to: "MES",
  lots: [],
  orders: [`O-${id}`],
  outcome: "dead_lettered",
  replayedOk: false,
  replays: 0,
  receivedAt: "2026-12-01T10:00:00.000Z",
  lastError: "503",
  ...over,
});

describe("planReplay", () => {
  it("sends failed messages to their target and says why each other one is skipped", () => {
    const all = [msg("a"), msg("b", { outcome: "delivered" }), msg("c", { replayedOk: true }), msg("d"), msg("e", { interface: "nope" }), msg("f", { plant: "P200" }), msg("g"), msg("h", { outcome: "in_flight" })];
    const messages = new Map(all.map((m) => [messageKey(m.correlationId, m.messageId), m]));
    const plan = planReplay({
      pairs: [...all.map((m) => ({ correlationId: m.correlationId, messageId: m.messageId })), { correlationId: "c-a", messageId: "m-a" }, { correlationId: "x", messageId: "y" }],
      messages,
      targets: new Map([["erp-mes-order", { interface: "erp-mes-order", kind: "http", destination: "POST http://sim/replay" }]]),
      deliveries: new Map([
        ["erp-mes-order\u0000order:O-d", [{ time: "2026-12-01T11:00:00.000Z", correlationId: "c-z", messageId: "m-z" }]],
        // A delivery before the message was handed off does not supersede it.
        ["erp-mes-order\u0000order:O-a", [{ time: "2026-12-01T09:00:00.000Z", correlationId: "c-old", messageId: "m-old" }]],
      ]),
      replayedBefore: new Set([messageKey("c-g", "m-g")]),
      canSeePlant: (p) => p === "P100",
    });
    expect(plan.items.filter((i) => !i.skip).map((i) => i.messageId)).toEqual(["m-a"]);
    expect(plan.skippedByReason).toEqual({ already_delivered: 1, already_replayed: 2, superseded: 1, no_target: 1, not_found: 2, in_flight: 1 });
    expect(plan.items.find((i) => i.messageId === "m-d")!.skip!.detail).toContain("m-z");
    expect(plan.targets).toEqual([{ interface: "erp-mes-order", kind: "http", destination: "POST http://sim/replay", count: 1 }]);
    expect(plan.orders).toEqual(["O-a"]);
    // The duplicate pair is planned once.
    expect(plan.items).toHaveLength(9);
  });
});
