import { describe, expect, it } from "vitest";
import { defaultViewDefinitions } from "../view-definitions";
import { buildSlaSummary, buildTrend } from "./sla-summary";

const { workflows } = defaultViewDefinitions();

describe("SLA summary view model", () => {
  const summary = buildSlaSummary({
    workflows,
    attainment: [
      { workflow: "order-release-to-mes", plant: "P1", decided: 100, met: 100, p50Ms: 30_000, p95Ms: 60_000 },
      { workflow: "order-release-to-mes", plant: "P2", decided: 100, met: 90, p50Ms: 40_000, p95Ms: 200_000 },
      { workflow: "order-release-to-mes", plant: null, decided: 200, met: 190, p50Ms: 35_000, p95Ms: 150_000 },
      { workflow: "inspection-to-hold", plant: "P1", decided: 10, met: 10, p50Ms: 60_000, p95Ms: 120_000 },
      { workflow: "inspection-to-hold", plant: null, decided: 10, met: 10, p50Ms: 60_000, p95Ms: 120_000 },
    ],
    counts: [
      { workflow: "confirmation-to-inventory", plant: "P1", total: 40, clean: 38, open: 0, atRisk: 1, breached: 0, failed: 2 },
      { workflow: "confirmation-to-inventory", plant: "P3", total: 10, clean: 10, open: 1, atRisk: 0, breached: 0, failed: 0 },
    ],
    stageLatency: [{ workflow: "order-release-to-mes", stage: "order-received", samples: 200, p50Ms: 1000, p95Ms: 5000 }],
  });

  it("puts the worst workflow and the worst budget first, workflows without data last", () => {
    expect(summary.workflows[0]!.key).toBe("order-release-to-mes");
    expect(summary.workflows[0]!.total).toMatchObject({ decided: 200, met: 190, attainment: 0.95, health: "exhausted" });
    expect(summary.workflows[1]!.key).toBe("inspection-to-hold");
    expect(summary.workflows.at(-1)!.total.health).toBe("no_data");
    expect(summary.budgets.map((b) => `${b.workflow}@${b.plant}`)).toEqual(["order-release-to-mes@P2", "order-release-to-mes@P1", "inspection-to-hold@P1"]);
    expect(summary.budgets[0]).toMatchObject({ breached: 10, health: "exhausted" });
    expect(summary.plants).toEqual(["P1", "P2", "P3"]);
  });

  it("maps the seed articles' KPIs onto the default workflows, each with its drill-down", () => {
    expect(summary.kpis.map((k) => k.id)).toEqual(["order-release", "confirmation-latency", "posting-success", "hold-sync", "shipment-propagation"]);
    expect(summary.kpis[0]).toMatchObject({ value: "95.0 %", drill: { workflow: "order-release-to-mes", sla_state: "breached" } });
    expect(summary.kpis[2]).toMatchObject({ value: "96.0 %", hint: "2 of 50 postings saw a failure", drill: { status: "failed,recovered" } });
    expect(summary.kpis[3]!.value).toBe("p95 2.0 min");
    expect(summary.kpis[4]).toMatchObject({ value: "–", health: "no_data" });
    expect(summary.stageLatency).toEqual([{ workflow: "order-release-to-mes", name: "Order release to MES", stages: [expect.objectContaining({ key: "order-received", p95Ms: 5000 })] }]);
  });

  it("fills every day of the range, with attainment per workflow and the day's breaches", () => {
    const trend = buildTrend(
      [
        { day: "2026-03-02", workflow: "a", decided: 4, met: 3 },
        { day: "2026-03-02", workflow: "b", decided: 2, met: 2 },
      ],
      "2026-03-01",
      "2026-03-03",
    );
    expect(trend).toEqual([
      { day: "2026-03-01", decided: 0, breached: 0 },
      { day: "2026-03-02", decided: 6, breached: 1, a: 75, b: 100 },
      { day: "2026-03-03", decided: 0, breached: 0 },
    ]);
  });
});
