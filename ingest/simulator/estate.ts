import type { CloudEvent } from "../../lib/events/contract";
import { createRng } from "./random";
import { WORKFLOW_BUILDERS, type InstanceContext, type ScheduledEvent, type WorkflowName } from "./workflows";

export const DEFAULT_PLANTS = ["P100", "P200", "P300"] as const;

export interface SimulatorOptions {
  seed: number;
  plants?: readonly string[];
  /** New workflow instances per minute across all plants. */
  workflowsPerMinute?: number;
  /** Share of middleware deliveries that fail at least once. */
  failureRate?: number;
}

// Receipts are the most frequent: they create the lots the other workflows touch.
const MIX: readonly WorkflowName[] = [
  "receipt-to-inspection",
  "receipt-to-inspection",
  "order-release-to-mes",
  "order-release-to-mes",
  "order-release-to-mes",
  "inspection-to-hold",
];

const RECENT_LOTS_PER_PLANT = 50;

export interface Simulator {
  /** Every event due at or before `now` not returned yet, in time order. */
  advance(now: Date): CloudEvent[];
  /** Events scheduled but not yet due. */
  readonly pending: number;
}

/**
 * A deterministic estate: the same seed, start and sequence of `advance` calls give the same
 * events. Instances start as a Poisson process; their steps are scheduled into the future and
 * handed out as their time comes.
 */
export function createSimulator(options: SimulatorOptions, start: Date = new Date()): Simulator {
  const rng = createRng(options.seed);
  const plants = options.plants ?? DEFAULT_PLANTS;
  if (plants.length === 0) throw new Error("the simulator needs at least one plant");
  const meanGapMs = 60_000 / (options.workflowsPerMinute ?? 30);
  const failureRate = options.failureRate ?? 0.1;
  const counters = new Map<string, number>();
  const recentLots = new Map<string, string[]>();
  let queue: ScheduledEvent[] = [];
  let nextArrival = start.getTime() + rng.exponential(meanGapMs);

  const nextId = (prefix: string, plant: string) => {
    const key = `${prefix}-${plant}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return `${key}-${String(n).padStart(6, "0")}`;
  };

  const context = (plant: string, at: number): InstanceContext => ({
    rng,
    plant,
    start: at,
    failureRate,
    nextLotId: (p) => nextId("L", p),
    nextOrderId: (p) => nextId("PO", p),
    knownLot: (p) => {
      const lots = recentLots.get(p);
      return lots && lots.length > 0 ? rng.pick(lots) : undefined;
    },
    rememberLot: (p, lot) => {
      const lots = recentLots.get(p) ?? [];
      lots.push(lot);
      if (lots.length > RECENT_LOTS_PER_PLANT) lots.shift();
      recentLots.set(p, lots);
    },
  });

  return {
    advance(now: Date): CloudEvent[] {
      const until = now.getTime();
      const started: ScheduledEvent[] = [];
      while (nextArrival <= until) {
        const workflow = rng.pick(MIX);
        started.push(...WORKFLOW_BUILDERS[workflow](context(rng.pick(plants), Math.floor(nextArrival))));
        nextArrival += rng.exponential(meanGapMs);
      }
      if (started.length > 0) queue = queue.concat(started).sort((a, b) => a.due - b.due);
      let cut = 0;
      while (cut < queue.length && queue[cut]!.due <= until) cut++;
      const due = queue.slice(0, cut).map((s) => s.event);
      queue = queue.slice(cut);
      return due;
    },
    get pending() {
      return queue.length;
    },
  };
}

/** All events of [from, to], as a live simulator started at `from` would hand them out. */
export function simulateRange(options: SimulatorOptions, from: Date, to: Date, stepMs = 1_000): CloudEvent[] {
  const sim = createSimulator(options, from);
  const out: CloudEvent[] = [];
  for (let t = from.getTime() + stepMs; t < to.getTime() + stepMs; t += stepMs) {
    out.push(...sim.advance(new Date(Math.min(t, to.getTime()))));
  }
  return out;
}
