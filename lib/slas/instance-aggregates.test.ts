import { describe, expect, it } from "vitest";
import { toAggregates, type AggregateRow } from "./instance-aggregates";

const row = (over: Partial<AggregateRow>): AggregateRow => ({
  correlation_id: "c-1",
  first_ms: "1000",
  last_ms: "2000",
  plant: "P100",
  fk: [],
  ft: [],
  lot_ids: [],
  order_ids: [],
  n_failures: "0",
  n_retries: "0",
  n_dead: "0",
  n_replays: "0",
  failure_ms: "0",
  delivered_ms: "0",
  ...over,
});

describe("toAggregates", () => {
  it("folds an instance's rows from several parts as the table's aggregate functions would", () => {
    const [a, ...rest] = toAggregates([
      row({ fk: ["mfg.lot.received ERP", "mfg.inspection.created QMS"], ft: ["1000", "1500"], lot_ids: ["L-1"], n_failures: "1", failure_ms: "1200", delivered_ms: "1100" }),
      row({ first_ms: "900", last_ms: "3000", plant: "P200", fk: ["mfg.lot.received ERP", "mfg.inspection.passed QMS"], ft: ["900", "2500"], lot_ids: ["L-1", "L-2"], order_ids: ["PO-1"], n_retries: "2", delivered_ms: "2900" }),
    ]);
    expect(rest).toEqual([]);
    expect(a).toEqual({
      correlationId: "c-1",
      firstTime: 900,
      lastTime: 3000,
      plant: "P200",
      firsts: [
        { type: "mfg.inspection.created", source: "QMS", at: 1500 },
        { type: "mfg.inspection.passed", source: "QMS", at: 2500 },
        { type: "mfg.lot.received", source: "ERP", at: 900 },
      ],
      lots: ["L-1", "L-2"],
      orders: ["PO-1"],
      failures: 1,
      retries: 2,
      deadLetters: 0,
      replays: 0,
      lastFailureAt: 1200,
      lastDeliveredAt: 2900,
    });
  });

  it("keeps one aggregate per correlation id and at most 50 lots", () => {
    const lots = Array.from({ length: 60 }, (_, i) => `L-${i}`);
    const out = toAggregates([row({ lot_ids: lots.slice(0, 40) }), row({ correlation_id: "c-2" }), row({ lot_ids: lots.slice(30) })]);
    expect(out.map((a) => a.correlationId)).toEqual(["c-1", "c-2"]);
    expect(out[0]!.lots).toEqual(lots.slice(0, 50));
  });
});
