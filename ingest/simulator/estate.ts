import type { CloudEvent } from "../../lib/events/contract";
import { EventQueue } from "./event-queue";
import type { ScheduledEvent } from "./instance-builder";
import { PlantState } from "./plant-state";
import { createRng, mixSeed, type Rng } from "./random";
import {
  confirmationToInventory,
  dispositionToRelease,
  downtimeToPlanning,
  inspectionToHold,
  orderReleaseToMes,
  orderToShipment,
  receiptToInspection,
  supplierCapaSync,
  type Faults,
  type InstanceInput,
  type LotRef,
  type OrderRef,
  type WorkflowName,
} from "./workflows";

export const DEFAULT_PLANTS = ["P100", "P200", "P300", "P400", "P500"] as const;
export const PLANT_NAMES: Readonly<Record<string, string>> = { P100: "Augsburg", P200: "Brno", P300: "Querétaro", P400: "Pune", P500: "Greenville" };
export const DEFAULT_WORKFLOWS_PER_MINUTE = 30;
export const DEFAULT_FAILURE_RATE = 0.1;

export interface SimulatorOptions {
  seed: number;
  /** Plant codes, e.g. "P100"; they appear in event sources and ids. */
  plants?: readonly string[];
  /** New workflow instances per minute across all plants. */
  workflowsPerMinute?: number;
  /** Share of middleware messages whose first delivery attempt fails. */
  failureRate?: number;
  faults?: Faults;
}

export interface Simulator {
  /** Every event due at or before `now` not returned yet, in time order. */
  advance(now: Date): CloudEvent[];
  /** Events scheduled but not yet due. */
  readonly pending: number;
}

// Receipts and releases feed the lots and orders that confirmations and failed inspections need.
const MIX: readonly (readonly [WorkflowName, number])[] = [
  ["receipt-to-inspection", 6],
  ["order-release-to-mes", 6],
  ["confirmation-to-inventory", 7],
  ["inspection-to-hold", 2],
  ["disposition-to-release", 1],
  ["order-to-shipment", 2],
  ["supplier-capa-sync", 1],
  ["downtime-to-planning", 1],
];

/** Share of produced lots split in two right after production. */
const SPLIT_SHARE = 0.15;
/** Shares of production confirmations that rework a held lot, or merge lots of one item, when there are any. */
const REWORK_SHARE = 0.1;
const MERGE_SHARE = 0.08;

const PLANT_CODE = /^[\x21-\x7e]{1,40}$/;

function validate(options: SimulatorOptions): { plants: readonly string[]; meanGapMs: number; failureRate: number } {
  const plants = options.plants ?? DEFAULT_PLANTS;
  const rate = options.workflowsPerMinute ?? DEFAULT_WORKFLOWS_PER_MINUTE;
  const failureRate = options.failureRate ?? DEFAULT_FAILURE_RATE;
  if (!Number.isFinite(options.seed)) throw new RangeError("seed must be a finite number");
  if (plants.length === 0) throw new RangeError("the simulator needs at least one plant");
  for (const p of plants) if (!PLANT_CODE.test(p) || p.includes("/")) throw new RangeError(`invalid plant code: ${JSON.stringify(p)}`);
  if (!(rate >= 0) || !Number.isFinite(rate)) throw new RangeError("workflowsPerMinute must be a finite number ≥ 0");
  if (!(failureRate >= 0 && failureRate <= 1)) throw new RangeError("failureRate must be between 0 and 1");
  return { plants, meanGapMs: rate > 0 ? 60_000 / rate : Number.POSITIVE_INFINITY, failureRate };
}

/**
 * A deterministic estate. Instances start as a Poisson process; each is built in full when it
 * starts and its steps wait in a queue until due. The clock starts at `start`, or at the first
 * `advance` call (which then returns nothing). The start time is mixed into the seed so that a
 * restarted demo with the same seed does not reuse the event ids (the store's dedup key) it
 * already stored; lot and order numbers do restart at 1.
 */
export function createSimulator(options: SimulatorOptions, start?: Date): Simulator {
  const { plants, meanGapMs, failureRate } = validate(options);
  const queue = new EventQueue();
  const states = new Map<string, PlantState>();
  const counters = new Map<string, number>();
  let clock: { rng: Rng; nextArrival: number } | undefined;

  const stateOf = (plant: string) => {
    let s = states.get(plant);
    if (!s) states.set(plant, (s = new PlantState()));
    return s;
  };

  // Lot and order numbers count from 1 per plant, like a fresh ERP number range.
  const nextId = (prefix: string, plant: string) => {
    const key = `${prefix}-${plant}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return `${key}-${String(n).padStart(6, "0")}`;
  };

  /** Merge and rework orders take whole lots and make one lot of the same item, without an order release. */
  const reworkOrMerge = (input: InstanceInput, operation: "merge" | "rework", inputLots: LotRef[]): ScheduledEvent[] => {
    const state = stateOf(input.plant);
    const [first] = inputLots as [LotRef, ...LotRef[]];
    const quantity = inputLots.reduce((sum, lot) => sum + (lot.quantity ?? 1), 0);
    const order: OrderRef = { orderid: nextId("PO", input.plant), item: first.item, quantity, level: first.level ?? 0, uom: first.uom };
    const run = confirmationToInventory({ ...input, order, inputLots, producedLotid: nextId("L", input.plant), operation });
    for (const lot of inputLots) state.retireLot(lot.lotid);
    for (const { lot, at: from } of run.outcome.produced) state.addLot(lot, from);
    return run.events;
  };

  const build = (rng: Rng, workflow: WorkflowName, plant: string, at: number): ScheduledEvent[] => {
    const state = stateOf(plant);
    const input: InstanceInput = { rng, plant, start: at, failureRate, faults: options.faults };
    switch (workflow) {
      case "receipt-to-inspection": {
        const run = receiptToInspection({ ...input, lotid: nextId("L", plant) });
        if (run.outcome.releasedAt !== null) state.addLot(run.outcome.lot, run.outcome.releasedAt);
        return run.events;
      }
      case "order-release-to-mes": {
        const run = orderReleaseToMes({ ...input, orderid: nextId("PO", plant) });
        if (run.outcome.acknowledgedAt !== null) state.addOrder(run.outcome.order, run.outcome.acknowledgedAt);
        return run.events;
      }
      case "confirmation-to-inventory": {
        if (rng.chance(REWORK_SHARE)) {
          const held = state.heldLots(at);
          if (held.length > 0) return reworkOrMerge(input, "rework", [rng.pick(held)]);
        }
        if (rng.chance(MERGE_SHARE)) {
          const byItem = new Map<string, LotRef[]>();
          for (const lot of state.usableLots(at)) byItem.set(lot.item, [...(byItem.get(lot.item) ?? []), lot]);
          const mergeable = [...byItem.values()].filter((lots) => lots.length > 1);
          if (mergeable.length > 0) {
            const lots = rng.pick(mergeable);
            return reworkOrMerge(input, "merge", rng.sample(lots, rng.int(2, Math.min(3, lots.length))));
          }
        }
        // An order runs when lots of the level below its item are at hand.
        const orders = state.openOrders(at).filter((o) => state.usableLots(at, (o.level ?? 1) - 1).length > 0);
        if (orders.length === 0) return build(rng, state.openOrders(at).length === 0 ? "order-release-to-mes" : "receipt-to-inspection", plant, at);
        const order = rng.pick(orders);
        state.closeOrder(order.orderid);
        const inputLots = rng.sample(state.usableLots(at, (order.level ?? 1) - 1), rng.int(1, 3));
        const producedLotid = nextId("L", plant);
        const splitInto = rng.chance(SPLIT_SHARE) ? ([nextId("L", plant), nextId("L", plant)] as const) : undefined;
        const run = confirmationToInventory({ ...input, order, inputLots, producedLotid, splitInto });
        run.outcome.consumed.forEach((c, i) => state.addConsumption({ lot: inputLots[i]!, orderid: order.orderid }, c.at));
        for (const { lot, at: from } of run.outcome.produced) state.addLot(lot, from);
        return run.events;
      }
      case "disposition-to-release": {
        const held = state.heldLots(at);
        if (held.length === 0) return build(rng, "inspection-to-hold", plant, at);
        const { lotid } = rng.pick(held);
        const run = dispositionToRelease({ ...input, lotid });
        if (run.outcome.releasedAt !== null) state.releaseLot(lotid, run.outcome.releasedAt);
        return run.events;
      }
      case "order-to-shipment": {
        const finished = state.usableLots(at, 3);
        if (finished.length === 0) return build(rng, "confirmation-to-inventory", plant, at);
        return orderToShipment({ ...input, shipmentId: nextId("SHP", plant), lots: rng.sample(finished, rng.int(1, 3)) }).events;
      }
      case "supplier-capa-sync": {
        const purchased = state.usableLots(at, 0);
        return supplierCapaSync({ ...input, lot: purchased.length > 0 ? rng.pick(purchased) : undefined }).events;
      }
      case "downtime-to-planning":
        return downtimeToPlanning(input).events;
      case "inspection-to-hold": {
        const candidates = state.inspectableConsumptions(at);
        if (candidates.length === 0) return build(rng, "receipt-to-inspection", plant, at);
        const { lot, orderid } = rng.pick(candidates);
        const run = inspectionToHold({ ...input, lotid: lot.lotid, orderid });
        if (run.outcome.heldAt !== null) state.blockLot(lot, run.outcome.heldAt);
        return run.events;
      }
    }
  };

  const startAt = (t: number) => {
    const rng = createRng(mixSeed(options.seed, t));
    clock = { rng, nextArrival: t + rng.exponential(meanGapMs) };
  };
  if (start) startAt(start.getTime());

  return {
    advance(now: Date): CloudEvent[] {
      const until = now.getTime();
      if (!Number.isFinite(until)) throw new RangeError("advance needs a valid date");
      if (!clock) {
        startAt(until);
        return [];
      }
      while (clock.nextArrival <= until) {
        const { rng } = clock;
        // Rounded up so an instance never starts at or before an instant already handed out.
        const at = Math.ceil(clock.nextArrival);
        const plant = rng.pick(plants);
        queue.push(build(rng, rng.weighted(MIX), plant, at));
        clock.nextArrival += rng.exponential(meanGapMs);
      }
      return queue.drain(until).map((s) => s.event);
    },
    get pending() {
      return queue.size;
    },
  };
}

/** All events of (from, to], as a live simulator started at `from` and advanced every `stepMs` would hand them out. */
export function simulateRange(options: SimulatorOptions, from: Date, to: Date, stepMs = 1_000): CloudEvent[] {
  if (!(stepMs > 0)) throw new RangeError("stepMs must be positive");
  const sim = createSimulator(options, from);
  const out: CloudEvent[] = [];
  const end = to.getTime();
  for (let t = from.getTime() + stepMs; t < end; t += stepMs) {
    for (const e of sim.advance(new Date(t))) out.push(e);
  }
  for (const e of sim.advance(to)) out.push(e);
  return out;
}
