import type { CloudEvent } from "../../lib/events/contract";
import { createSimulator, type SimulatorOptions } from "./estate";

export interface RunnerOptions extends SimulatorOptions {
  sink: (events: CloudEvent[]) => Promise<void>;
  /** How often the simulator is advanced to the wall clock; default 1000 ms. */
  tickMs?: number;
  /** Minutes of history generated at start, so a fresh dashboard is not empty. */
  backfillMinutes?: number;
  /** Sink and simulator errors; the loop keeps running. Defaults to console.error. */
  onError?: (error: unknown) => void;
}

export interface RunningSimulator {
  /** Stops the timer and waits for the sink call in flight, if any. */
  stop(): Promise<void>;
}

// Bounds one sink call: a long backfill at a high rate is over a hundred thousand events.
const MAX_SINK_BATCH = 5_000;
// Catching up (the backfill, or after a stall) advances this much simulated time per step and
// yields between steps, so the process hosting the runner (the web server) stays responsive.
const CATCH_UP_SLICE_MS = 10_000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Drives the simulator on the wall clock into a sink. Sink calls never overlap: a tick that
 * finds one in flight is skipped, and what became due meanwhile goes out with the next tick.
 * A failed sink call loses its events (they are demo data) but never stops the loop.
 */
export function startSimulator(options: RunnerOptions): RunningSimulator {
  const tickMs = options.tickMs ?? 1_000;
  if (!(tickMs > 0)) throw new RangeError("tickMs must be positive");
  const backfillMs = Math.max(0, options.backfillMinutes ?? 0) * 60_000;
  let cursor = Date.now() - backfillMs;
  const sim = createSimulator(options, new Date(cursor));
  const report = (error: unknown) => {
    try {
      (options.onError ?? ((e: unknown) => console.error("[lotline-simulator]", e)))(error);
    } catch {
      // A throwing error handler must not take the loop down with it.
    }
  };

  let stopped = false;
  let inFlight: Promise<void> | undefined;

  const send = async (events: CloudEvent[]) => {
    for (let i = 0; i < events.length; i += MAX_SINK_BATCH) {
      try {
        await options.sink(events.slice(i, i + MAX_SINK_BATCH));
      } catch (error) {
        report(error);
      }
    }
  };

  /** Advances to the wall clock in slices, handing full batches to the sink on the way. */
  const catchUp = async () => {
    let batch: CloudEvent[] = [];
    while (!stopped) {
      const now = Date.now();
      const target = Math.min(now, cursor + CATCH_UP_SLICE_MS);
      try {
        for (const e of sim.advance(new Date(target))) batch.push(e);
      } catch (error) {
        report(error);
        return;
      }
      cursor = Math.max(cursor, target);
      const caughtUp = target >= now;
      if (batch.length >= MAX_SINK_BATCH || (caughtUp && batch.length > 0)) {
        await send(batch);
        batch = [];
      }
      if (caughtUp) return;
      await yieldToEventLoop();
    }
    // Stopped mid catch-up: the rest is dropped, so stop() does not wait on a backfill.
  };

  const tick = () => {
    if (stopped || inFlight) return;
    inFlight = catchUp().finally(() => {
      inFlight = undefined;
    });
  };

  // The first tick (the backfill) runs off the caller's stack: the caller gets control back at once.
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, tickMs);

  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await inFlight;
    },
  };
}
