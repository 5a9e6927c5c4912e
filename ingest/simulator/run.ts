import { createSimulator, type SimulatorOptions } from "./estate";
import { createRng, mixSeed } from "./random";
import { applyStreamFaults, type Outgoing, type StreamFaults } from "./stream-faults";
import type { Faults } from "./workflows";

export const FAULT_NAMES = ["qms-outage", "late-erp", "lost-hold", "duplicates", "malformed"] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/** Share of events sent twice when `duplicates` is on, and replaced by broken messages when `malformed` is on. */
const DUPLICATE_SHARE = 0.02;
const MALFORMED_SHARE = 0.005;

export interface RunOptions extends Omit<SimulatorOptions, "faults"> {
  faults: readonly FaultName[];
  /** Where simulated time starts; mixed into the seed, so one seed and start always give one run. */
  from: Date;
}

export interface Run {
  /** Everything to send for (previous call, until], in order: events, duplicates, malformed messages. */
  advance(until: Date): Outgoing[];
}

/** The estate's fault switches for a list of fault names (the transport faults are not the estate's). */
function estateFaults(faults: readonly FaultName[]): Faults {
  return { qmsOutage: faults.includes("qms-outage"), lateErp: faults.includes("late-erp"), lostHold: faults.includes("lost-hold") };
}

function streamFaults(faults: readonly FaultName[]): StreamFaults {
  return { duplicates: faults.includes("duplicates") ? DUPLICATE_SHARE : 0, malformed: faults.includes("malformed") ? MALFORMED_SHARE : 0 };
}

/**
 * What `npm run simulate` sends, with no clock and no I/O: the estate from `from` on, with the
 * run's faults applied. The output depends only on the options and the end time, never on how
 * often `advance` is called, so a test can ask for the exact messages of a CLI run.
 */
export function createRun(options: RunOptions): Run {
  const { faults, from, ...estate } = options;
  const sim = createSimulator({ ...estate, faults: estateFaults(faults) }, from);
  // Its own stream, so switching transport faults on leaves the estate's events unchanged.
  const rng = createRng(mixSeed(options.seed, from.getTime(), 0x5eed));
  const transport = streamFaults(faults);
  return { advance: (until) => applyStreamFaults(sim.advance(until), rng, transport) };
}

/** Every message of a run from `options.from` to `to`. */
export function runRange(options: RunOptions, to: Date): Outgoing[] {
  return createRun(options).advance(to);
}
