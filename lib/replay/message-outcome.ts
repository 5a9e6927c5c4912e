import { TELEMETRY_TYPES } from "../workflows/catalog";

/** One middleware step of a message, as the lookup reads it (no payload). */
export interface MessageStep {
  type: string;
  status: string;
  time: string;
  eventId: string;
}

export type LastOutcome = "delivered" | "failed" | "dead_lettered" | "in_flight";

/**
 * How a message stands after its newest terminal step (steps in time order): a replay's delivery
 * counts like any other. `replayedOk` says a replay was followed by a delivery.
 */
export function lastOutcome(steps: readonly MessageStep[]): { outcome: LastOutcome; replayedOk: boolean; replays: number } {
  let outcome: LastOutcome = "in_flight";
  let replayedOk = false;
  let replaySeen = false;
  let replays = 0;
  for (const s of steps) {
    if (s.type === TELEMETRY_TYPES.replayed) {
      replaySeen = true;
      replays++;
    } else if (s.type === TELEMETRY_TYPES.delivered) {
      outcome = "delivered";
      if (replaySeen) replayedOk = true;
    } else if (s.status === "dead_lettered") outcome = "dead_lettered";
    else if (s.status === "failed") outcome = "failed";
  }
  return { outcome, replayedOk, replays };
}
