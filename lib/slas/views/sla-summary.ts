import type { BudgetHealth } from "../burn-rate";
import type { WorkflowInfo } from "../view-definitions";
import { cellHealth, HEALTH_ORDER, type CellHealth } from "./heatmap-buckets";

/** What the query modules return, as this view model needs it (kept structural so it stays pure). */
export interface SummaryInputs {
  workflows: readonly WorkflowInfo[];
  attainment: readonly { workflow: string; plant: string | null; decided: number; met: number; p50Ms: number | null; p95Ms: number | null }[];
  counts: readonly { workflow: string; plant: string; total: number; clean: number; open: number; atRisk: number; breached: number; failed: number }[];
  stageLatency: readonly { workflow: string; stage: string; samples: number; p50Ms: number; p95Ms: number }[];
}

export type Cell = CellHealth & { decided: number; met: number };

export interface WorkflowSummary {
  key: string;
  name: string;
  objective: number;
  targetMs: number;
  /** Every plant in scope together. */
  total: Cell & { p50Ms: number | null; p95Ms: number | null };
  /** Per plant; a plant without decided outcomes is absent (no data). */
  cells: Record<string, Cell>;
  /** Instances triggered in the range still needing action. */
  atRisk: number;
  failed: number;
}

export interface BudgetRow {
  workflow: string;
  name: string;
  plant: string;
  objective: number;
  decided: number;
  breached: number;
  budgetLeft: number | null;
  health: BudgetHealth;
}

export interface Kpi {
  id: string;
  label: string;
  value: string;
  hint: string;
  health: BudgetHealth;
  /** The worklist query that lists the instances behind the number. */
  drill: Record<string, string>;
}

export interface StageLatencySummary {
  workflow: string;
  name: string;
  stages: { key: string; label: string; samples: number; p50Ms: number; p95Ms: number }[];
}

export interface SlaSummary {
  plants: string[];
  workflows: WorkflowSummary[];
  budgets: BudgetRow[];
  kpis: Kpi[];
  stageLatency: StageLatencySummary[];
}

const rank = (c: { budgetLeft: number | null; health: BudgetHealth }) => (c.budgetLeft === null ? Number.POSITIVE_INFINITY : c.budgetLeft);
const byWorst = <T extends { budgetLeft: number | null; health: BudgetHealth }>(a: T, b: T) => rank(a) - rank(b) || HEALTH_ORDER.indexOf(a.health) - HEALTH_ORDER.indexOf(b.health);

function pct(v: number | null): string {
  return v === null ? "–" : `${(Math.floor(v * 1000) / 10).toFixed(1)} %`;
}

function minutes(ms: number | null): string {
  if (ms === null) return "–";
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

/** The executive view: cells worst first, budgets worst first, the seed articles' KPIs, stage latencies. */
export function buildSlaSummary(input: SummaryInputs): SlaSummary {
  const plants = [...new Set([...input.attainment.flatMap((a) => (a.plant === null ? [] : [a.plant])), ...input.counts.map((c) => c.plant)])].sort();
  const workflows: WorkflowSummary[] = input.workflows.map((w) => {
    const rows = input.attainment.filter((a) => a.workflow === w.key);
    const all = rows.find((a) => a.plant === null);
    const cells = Object.fromEntries(rows.filter((a) => a.plant !== null).map((a) => [a.plant!, { decided: a.decided, met: a.met, ...cellHealth(a.decided, a.met, w.objective) }]));
    const counts = input.counts.filter((c) => c.workflow === w.key);
    return {
      key: w.key,
      name: w.name,
      objective: w.objective,
      targetMs: w.targetMs,
      total: { decided: all?.decided ?? 0, met: all?.met ?? 0, p50Ms: all?.p50Ms ?? null, p95Ms: all?.p95Ms ?? null, ...cellHealth(all?.decided ?? 0, all?.met ?? 0, w.objective) },
      cells,
      atRisk: counts.reduce((s, c) => s + c.atRisk, 0),
      failed: counts.reduce((s, c) => s + c.failed, 0),
    };
  });
  const budgets: BudgetRow[] = workflows
    .flatMap((w) =>
      Object.entries(w.cells).map(([plant, c]) => ({ workflow: w.key, name: w.name, plant, objective: w.objective, decided: c.decided, breached: c.decided - c.met, budgetLeft: c.budgetLeft, health: c.health })),
    )
    .sort(byWorst);

  const wf = (key: string) => workflows.find((w) => w.key === key);
  const kpis: Kpi[] = [];
  const attainmentKpi = (id: string, key: string, label: string) => {
    const w = wf(key);
    if (!w) return;
    kpis.push({ id, label, value: pct(w.total.attainment), hint: `${w.total.decided} decided · p95 ${minutes(w.total.p95Ms)} · target ${minutes(w.targetMs)}`, health: w.total.health, drill: { workflow: key, sla_state: "breached" } });
  };
  const latencyKpi = (id: string, key: string, label: string) => {
    const w = wf(key);
    if (!w) return;
    kpis.push({ id, label, value: `p95 ${minutes(w.total.p95Ms)}`, hint: `p50 ${minutes(w.total.p50Ms)} · ${pct(w.total.attainment)} within ${minutes(w.targetMs)}`, health: w.total.health, drill: { workflow: key, sla_state: "breached" } });
  };
  attainmentKpi("order-release", "order-release-to-mes", "Order release to MES");
  latencyKpi("confirmation-latency", "confirmation-to-inventory", "Production confirmation latency");
  const postings = input.counts.filter((c) => c.workflow === "confirmation-to-inventory");
  if (wf("confirmation-to-inventory")) {
    const total = postings.reduce((s, c) => s + c.total, 0);
    const clean = postings.reduce((s, c) => s + c.clean, 0);
    const rate = total === 0 ? null : clean / total;
    // Success is a share of postings, not an SLA: its health reads the failed share against the workflow's objective.
    kpis.push({
      id: "posting-success",
      label: "Inventory posting success rate",
      value: pct(rate),
      hint: `${total - clean} of ${total} postings saw a failure`,
      health: cellHealth(total, clean, wf("confirmation-to-inventory")!.objective).health,
      drill: { workflow: "confirmation-to-inventory", status: "failed,recovered" },
    });
  }
  latencyKpi("hold-sync", "inspection-to-hold", "Quality hold synchronisation time");
  attainmentKpi("shipment-propagation", "order-to-shipment", "Shipment status propagation");

  const stageLatency = input.workflows.flatMap((w) => {
    const stages = w.stages.flatMap((s) => {
      const r = input.stageLatency.find((l) => l.workflow === w.key && l.stage === s.key);
      return r ? [{ key: s.key, label: s.label, samples: r.samples, p50Ms: r.p50Ms, p95Ms: r.p95Ms }] : [];
    });
    return stages.length > 0 ? [{ workflow: w.key, name: w.name, stages }] : [];
  });

  return { plants, workflows: [...workflows].sort((a, b) => byWorst(a.total, b.total)), budgets, kpis, stageLatency };
}

export interface TrendRow {
  day: string;
  decided: number;
  breached: number;
  /** Attainment per workflow key (0–100), absent on a day with nothing decided. */
  [workflow: string]: number | string;
}

/** One row per UTC day from `first` to `last` with every workflow's attainment in percent and the day's breaches. */
export function buildTrend(points: readonly { day: string; workflow: string; decided: number; met: number }[], first: string, last: string): TrendRow[] {
  const rows: TrendRow[] = [];
  for (let t = Date.parse(first); t <= Date.parse(last); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const row: TrendRow = { day, decided: 0, breached: 0 };
    for (const p of points.filter((x) => x.day === day)) {
      row.decided += p.decided;
      row.breached += p.decided - p.met;
      if (p.decided > 0) row[p.workflow] = Math.round((p.met / p.decided) * 1000) / 10;
    }
    rows.push(row);
  }
  return rows;
}
