import type { CloudEvent } from "../../lib/events/contract";
import { createSimulator, type SimulatorOptions } from "./estate";

export interface RunnerOptions extends SimulatorOptions {
  sink: (events: CloudEvent[]) => Promise<void>;
  tickMs?: number;
  /** Minutes of history generated at start, so a fresh dashboard is not empty. */
  backfillMinutes?: number;
  onError?: (error: unknown) => void;
}

const BACKFILL_CHUNK = 5_000;

/**
 * Drives the simulator on a timer into a sink. Ticks never overlap: while the sink is busy
 * the next tick waits, and the simulator hands out everything that became due meanwhile.
 * A failed sink call loses its events (they are demo data) but never stops the loop.
 */
export function startSimulator(options: RunnerOptions): { stop(): Promise<void> } {
  const tickMs = options.tickMs ?? 1_000;
  const now = Date.now();
  const sim = createSimulator(options, new Date(now - (options.backfillMinutes ?? 0) * 60_000));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const send = async (events: CloudEvent[]) => {
    for (let i = 0; i < events.length; i += BACKFILL_CHUNK) {
      try {
        await options.sink(events.slice(i, i + BACKFILL_CHUNK));
      } catch (error) {
        options.onError?.(error);
      }
    }
  };

  const loop = async (): Promise<void> => {
    if (stopped) return;
    await send(sim.advance(new Date()));
    if (!stopped) timer = setTimeout(() => void (running = loop()), tickMs);
  };
  let running = loop();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
