import { describe, expect, it } from "vitest";
import { BUSINESS_TYPES } from "../workflows/catalog";
import { priorityScore, QUALITY_RISKS, qualityRiskOf, TIER_SPAN } from "./priority";

const none = { lots: 0, orders: 0, shipments: 0, customers: 0 };

describe("quality risk", () => {
  it("gives SLA breaches, burns and non-events the risk of their workflow's hand-off", () => {
    expect(qualityRiskOf({ interface: "inspection-to-hold", kind: "breach" })).toBe("critical");
    expect(qualityRiskOf({ interface: "disposition-to-release", kind: "burn" })).toBe("critical");
    expect(qualityRiskOf({ interface: "order-to-shipment", kind: "breach" })).toBe("high");
    expect(qualityRiskOf({ interface: "downtime-to-planning", kind: "breach" })).toBe("normal");
    expect(qualityRiskOf({ interface: "order-ack-missing", kind: "non_event" })).toBe("high");
    expect(qualityRiskOf({ interface: "confirmations-stalled", kind: "non_event" })).toBe("high");
  });

  it("judges by the event type first: a late analytics refresh in the hold workflow is low, a dead-lettered hold is critical", () => {
    expect(qualityRiskOf({ interface: "inspection-to-hold", kind: "breach", type: BUSINESS_TYPES.analyticsRefreshed })).toBe("low");
    expect(qualityRiskOf({ interface: "inspection-to-hold", kind: "breach", type: BUSINESS_TYPES.holdPlaced })).toBe("critical");
    expect(qualityRiskOf({ interface: "qms-erp-hold", kind: "message", type: BUSINESS_TYPES.inspectionFailed })).toBe("critical");
    // A telemetry type says nothing about the business: the interface decides.
    expect(qualityRiskOf({ interface: "qms-erp-hold", kind: "message", type: "integration.message.deadlettered" })).toBe("critical");
    expect(qualityRiskOf({ interface: "", kind: "ingest_dead_letter", type: BUSINESS_TYPES.stockStatusUpdated })).toBe("critical");
    expect(qualityRiskOf({ interface: "", kind: "ingest_dead_letter", type: BUSINESS_TYPES.customerNotified })).toBe("low");
  });

  it("treats divergent lots as critical, and judges an estate's own names by their words", () => {
    expect(qualityRiskOf({ interface: "confirmation-to-inventory", kind: "divergence", type: BUSINESS_TYPES.analyticsRefreshed })).toBe("critical");
    expect(qualityRiskOf({ interface: "sap-qm-usage-decision", kind: "message" })).toBe("critical");
    expect(qualityRiskOf({ interface: "mes-batch-release", kind: "message" })).toBe("critical");
    expect(qualityRiskOf({ interface: "erp-mes-order-release", kind: "message" })).toBe("high");
    expect(qualityRiskOf({ interface: "wms-dispatch-advice", kind: "message" })).toBe("high");
    expect(qualityRiskOf({ interface: "cmms-maintenance-plan", kind: "message" })).toBe("normal");
    expect(qualityRiskOf({ interface: "bi-nightly-refresh", kind: "message" })).toBe("low");
    expect(qualityRiskOf({ interface: "x-y", kind: "message" })).toBe("normal");
  });
});

describe("priority score", () => {
  it("lets risk dominate: a critical with one lot outranks a low with 1,000 lots and every other lower tier", () => {
    expect(priorityScore({ ...none, lots: 1 }, "critical")).toBeGreaterThan(priorityScore({ lots: 1_000, orders: 1_000, shipments: 1_000, customers: 1_000 }, "low"));
    expect(priorityScore(none, "critical")).toBeGreaterThan(priorityScore({ lots: 1e9, orders: 1e9, shipments: 1e9, customers: 1e9 }, "high"));
    const huge = { lots: 1e12, orders: 1e12, shipments: 1e12, customers: 1e12 };
    QUALITY_RISKS.slice(0, -1).forEach((risk, i) => {
      const lower = QUALITY_RISKS[i + 1]!;
      expect(priorityScore(none, risk)).toBeGreaterThan(priorityScore(huge, lower));
      expect(priorityScore(huge, lower)).toBeLessThan((QUALITY_RISKS.length - 1 - i) * TIER_SPAN);
    });
  });

  it("grows with impact inside a tier, weighting shipments and customers above lots and orders", () => {
    const at = (impact: Partial<typeof none>) => priorityScore({ ...none, ...impact }, "high");
    expect(at({ lots: 10 })).toBeGreaterThan(at({ lots: 1 }));
    expect(at({ lots: 1, orders: 1 })).toBeGreaterThan(at({ lots: 1 }));
    expect(at({ shipments: 1 })).toBeGreaterThan(at({ lots: 1 }));
    expect(at({ customers: 1 })).toBeGreaterThan(at({ shipments: 1 }));
    expect(at(none)).toBe(2 * TIER_SPAN);
    // Monotone over a sweep of every dimension, and ignoring nonsense counts.
    let last = -1;
    for (let n = 0; n <= 100_000; n = n * 3 + 1) {
      const score = at({ lots: n, orders: n, shipments: n, customers: n });
      expect(score).toBeGreaterThanOrEqual(last);
      last = score;
    }
    expect(at({ lots: -5, orders: Number.NaN })).toBe(at(none));
  });
});
