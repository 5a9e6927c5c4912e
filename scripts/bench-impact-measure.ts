// Impact latency on a seeded store, for `npm run bench:impact` and the exceptions bench: the
// inputs are drawn from the store by a seeded hash, so a re-run measures the same ones.
import type { ClickHouseClient } from "@clickhouse/client";
import type { Impact, ImpactInput } from "../lib/exceptions/impact";
import { nearestRank } from "../lib/percentile";

export interface ImpactScenario {
  key: string;
  label: string;
  inputs: ImpactInput[];
}

export interface ImpactStat {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  runs: number;
  /** Means over the runs: how much each answer touched. */
  mean: { lots: number; descendantLots: number; orders: number; shipments: number; customers: number };
  cappedRuns: number;
}

const rows = async <Row>(ch: ClickHouseClient, query: string, params: Record<string, unknown> = {}) => (await ch.query({ query, query_params: params, format: "JSONEachRow" })).json<Row>();

/**
 * Three kinds of exception: a held supplier lot (the deepest realistic descent: every lot and
 * shipment made from it), a group of `groupSize` failed inspections (each a lot and the order
 * consuming it: one walk over their union), and a hub lot with more descendants than the cap,
 * when the store has one (`hubLot`).
 */
export async function impactScenarios(ch: ClickHouseClient, opts: { samples: number; groupSize?: number; hubLot?: string }): Promise<ImpactScenario[]> {
  const groupSize = opts.groupSize ?? 25;
  const supplierLots = await rows<{ id: string }>(
    ch,
    `SELECT lot_id AS id FROM lot_facts WHERE lot_supplier_lot != '' AND NOT startsWith(lot_id, 'L-GEN-') GROUP BY id ORDER BY sipHash64(id, 4711) LIMIT {n:UInt32}`,
    { n: opts.samples },
  );
  const failed = await rows<{ lot: string; order: string }>(
    ch,
    `SELECT lot_id AS lot, order_id AS order FROM events WHERE type = 'mfg.inspection.failed' AND lot_id != '' ORDER BY sipHash64(event_id, 4711) LIMIT {n:UInt32}`,
    { n: opts.samples * groupSize },
  );
  const groups: ImpactInput[] = [];
  for (let i = 0; i + groupSize <= failed.length; i += groupSize) {
    const members = failed.slice(i, i + groupSize);
    groups.push({ lots: members.map((m) => m.lot), orders: members.map((m) => m.order).filter((o) => o !== "") });
  }
  const scenarios: ImpactScenario[] = [
    { key: "supplierLot", label: "a held supplier lot, every descendant down to shipments and customers", inputs: supplierLots.map((r) => ({ lots: [r.id], orders: [] })) },
    { key: "group", label: `a group of ${groupSize} failed inspections (lots and consuming orders)`, inputs: groups },
  ];
  if (opts.hubLot) scenarios.push({ key: "hub", label: `a hub lot (${opts.hubLot}) beyond the lot cap`, inputs: Array.from({ length: Math.max(10, Math.round(opts.samples / 10)) }, () => ({ lots: [opts.hubLot!], orders: [] })) });
  return scenarios.filter((s) => s.inputs.length > 0);
}

/** Runs `impact` on each input in turn after `warmup` calls; figures in ms, nearest rank. */
export async function measureImpact(impact: (input: ImpactInput) => Promise<Impact>, inputs: readonly ImpactInput[], warmup = 10): Promise<ImpactStat> {
  for (const input of inputs.slice(0, warmup)) await impact(input);
  const ms: number[] = [];
  const answers: Impact[] = [];
  for (const input of inputs) {
    const started = performance.now();
    answers.push(await impact(input));
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => Math.round((nearestRank(ms, p) ?? Number.NaN) * 10) / 10;
  const mean = (f: (i: Impact) => number) => Math.round((answers.reduce((s, a) => s + f(a), 0) / Math.max(1, answers.length)) * 10) / 10;
  return {
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    runs: ms.length,
    mean: { lots: mean((a) => a.lots), descendantLots: mean((a) => a.descendantLots), orders: mean((a) => a.orders), shipments: mean((a) => a.shipments), customers: mean((a) => a.customers) },
    cappedRuns: answers.filter((a) => a.capped).length,
  };
}
