import type { CloudEvent } from "../../lib/events/contract";
import type { Rng } from "./random";

/** What a simulator run sends: a valid event, or bytes that must end in the dead-letter table. */
export type Outgoing = { kind: "event"; event: CloudEvent; duplicate: boolean } | { kind: "malformed"; raw: string; reason: string };

export interface StreamFaults {
  /** Share of events delivered a second time with the same id (an at-least-once producer). */
  duplicates?: number;
  /** Share of events replaced by something that is not a valid CloudEvent. */
  malformed?: number;
}

const MALFORMATIONS: readonly { reason: string; make: (e: CloudEvent) => string }[] = [
  { reason: "not JSON", make: (e) => `${JSON.stringify(e).slice(0, 80)}…` },
  { reason: "wrong specversion", make: (e) => JSON.stringify({ ...e, specversion: "0.3" }) },
  { reason: "missing id", make: ({ id: _id, ...rest }) => JSON.stringify(rest) },
  { reason: "missing type", make: ({ type: _type, ...rest }) => JSON.stringify(rest) },
];

/** Applies the transport faults of a run to a stream of events, deterministically for a given rng. */
export function applyStreamFaults(events: readonly CloudEvent[], rng: Rng, faults: StreamFaults): Outgoing[] {
  const out: Outgoing[] = [];
  for (const event of events) {
    if (faults.malformed && rng.chance(faults.malformed)) {
      const m = rng.pick(MALFORMATIONS);
      out.push({ kind: "malformed", raw: m.make(event), reason: m.reason });
      continue;
    }
    out.push({ kind: "event", event, duplicate: false });
    if (faults.duplicates && rng.chance(faults.duplicates)) out.push({ kind: "event", event, duplicate: true });
  }
  return out;
}
