import { describe, expect, it } from "vitest";
import { divergenceOf, latestBySystem, positionOf, type StatusChange } from "./divergence";

const t = (m: number) => new Date(Date.UTC(2026, 10, 24, 8, 0) + m * 60_000).toISOString();
const h = (system: string, status: string, m: number): StatusChange => ({ system, status, time: t(m) });

describe("lot divergence", () => {
  it("classifies status words by whether they let the lot be used", () => {
    expect(positionOf("Blocked")).toBe("blocked");
    expect(positionOf("unrestricted")).toBe("released");
    expect(positionOf("moved", "WMS")).toBeNull();
    expect(positionOf("flagged", "MES")).toBeNull();
    // ERP keeps the stock: a posted goods receipt is usable stock unless ERP blocks it.
    expect(positionOf("posted", "ERP")).toBe("released");
    expect(positionOf("quality inspection", "ERP")).toBeNull();
    // A supplier's status in ERP procurement says nothing about the lot's stock.
    expect(positionOf("status_updated", "ERP")).toBeNull();
  });

  it("reports a QMS rejection that never reached ERP as divergent since the rejection", () => {
    const history = [h("ERP", "received", 0), h("QMS", "released", 5), h("ERP", "unrestricted", 6), h("WMS", "moved", 9), h("MES", "consumed", 20), h("QMS", "rejected", 30)];
    const d = divergenceOf(history, Date.parse(t(77)));
    expect(d).toEqual({ divergent: true, since: t(30), durationMs: 47 * 60_000, blockedIn: ["QMS"], releasedIn: ["ERP"] });
  });

  it("ends the divergence when ERP posts the hold, and neutral words later do not reopen it", () => {
    const history = [h("ERP", "unrestricted", 0), h("QMS", "rejected", 30), h("ERP", "blocked", 33), h("MES", "flagged", 34), h("MES", "consumed", 40)];
    expect(divergenceOf(history, Date.parse(t(60)))).toEqual({ divergent: false, since: null, durationMs: 0, blockedIn: ["ERP", "QMS"], releasedIn: [] });
  });

  it("finds a produced lot's rejection divergent from ERP's posted goods receipt, and agreement after disposition", () => {
    const history = [h("MES", "produced", 0), h("ERP", "posted", 2), h("QMS", "rejected", 10)];
    expect(divergenceOf(history, Date.parse(t(15)))).toMatchObject({ divergent: true, since: t(10), blockedIn: ["QMS"], releasedIn: ["ERP"] });
    const resolved = [...history, h("ERP", "blocked", 12), h("QMS", "approved", 40), h("ERP", "unrestricted", 45)];
    expect(divergenceOf(resolved, Date.parse(t(50)))).toMatchObject({ divergent: false, blockedIn: [], releasedIn: ["ERP", "QMS"] });
    expect(divergenceOf(resolved.slice(0, 5), Date.parse(t(41)))).toMatchObject({ divergent: true, since: t(40) });
  });

  it("keeps the start of a divergence that changes sides without agreeing in between", () => {
    const history = [h("QMS", "released", 0), h("ERP", "blocked", 10), h("WMS", "released", 12)];
    expect(divergenceOf(history, Date.parse(t(20))).since).toBe(t(10));
  });

  it("gives each system's latest status and since when it has said it", () => {
    const latest = latestBySystem([h("ERP", "blocked", 1), h("ERP", "blocked", 5), h("QMS", "rejected", 0), h("ERP", "unrestricted", 9)]);
    expect(latest).toEqual({
      ERP: { status: "unrestricted", since: t(9), position: "released" },
      QMS: { status: "rejected", since: t(0), position: "blocked" },
    });
    expect(latestBySystem([h("ERP", "blocked", 1), h("ERP", "blocked", 5)]).ERP!.since).toBe(t(1));
  });
});
