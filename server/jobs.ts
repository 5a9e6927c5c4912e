import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import type { Config } from "../lib/config";
import type { Db } from "../lib/db/client";
import type { JobHealth } from "../lib/health";
import { metrics } from "../lib/metrics";

/** What a job gets to work with: the stores of this process, never a global. */
export interface JobContext {
  config: Config;
  clickhouse: ClickHouseClient;
  /** Null in a process without the relational database. */
  db: Db | null;
  log(message: string): void;
}

/**
 * A piece of scheduled background work. `run` is awaited; it should stop early when `signal`
 * aborts (the process is stopping). A thrown error is logged and counted, never fatal.
 */
export interface Job {
  name: string;
  intervalMs: number;
  run(ctx: JobContext, signal: AbortSignal): Promise<void>;
}

export type JobStatus = JobHealth;

export interface JobRegistry {
  /** Adds a job; a registry already started starts it at once. Names are unique. */
  register(job: Job): void;
  start(): void;
  /** Stops scheduling, aborts the signal and waits for the runs still going. */
  stop(): Promise<void>;
  status(): JobStatus[];
}

interface Slot {
  job: Job;
  status: JobStatus;
  inFlight: Promise<void> | null;
  timer: NodeJS.Timeout | null;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createJobRegistry(ctx: JobContext, now: () => number = Date.now): JobRegistry {
  const slots = new Map<string, Slot>();
  const abort = new AbortController();
  let started = false;
  let stopped = false;

  const runOnce = async (slot: Slot) => {
    const m = metrics();
    const startedAt = now();
    slot.status.running = true;
    slot.status.lastStartedAt = new Date(startedAt).toISOString();
    try {
      await slot.job.run(ctx, abort.signal);
      slot.status.lastError = null;
      slot.status.lastSuccessAt = new Date(now()).toISOString();
      m.jobRuns.inc({ job: slot.job.name, outcome: "success" });
      m.jobLastSuccess.set({ job: slot.job.name }, now() / 1000);
    } catch (error) {
      const text = message(error);
      // Logged on the transition only, so a job failing every few seconds does not flood the log.
      if (slot.status.lastError === null) ctx.log(`job ${slot.job.name} failed: ${text}`);
      slot.status.lastError = text;
      slot.status.failures += 1;
      m.jobRuns.inc({ job: slot.job.name, outcome: "failure" });
    } finally {
      const seconds = (now() - startedAt) / 1000;
      slot.status.running = false;
      slot.status.runs += 1;
      slot.status.lastDurationMs = Math.round(seconds * 1000);
      slot.status.ok = slot.status.lastError === null;
      m.jobDuration.observe({ job: slot.job.name }, seconds);
    }
  };

  const tick = (slot: Slot) => {
    if (stopped) return;
    // A run still going when the next is due (a stalled store) is not stacked behind it.
    if (slot.inFlight) {
      slot.status.skipped += 1;
      metrics().jobRuns.inc({ job: slot.job.name, outcome: "skipped" });
      return;
    }
    slot.inFlight = runOnce(slot).finally(() => {
      slot.inFlight = null;
    });
  };

  const schedule = (slot: Slot) => {
    tick(slot);
    slot.timer = setInterval(() => tick(slot), slot.job.intervalMs);
    slot.timer.unref();
  };

  return {
    register(job) {
      if (slots.has(job.name)) throw new Error(`a job named ${job.name} is already registered`);
      if (!Number.isFinite(job.intervalMs) || job.intervalMs <= 0) throw new Error(`job ${job.name}: intervalMs must be positive`);
      const slot: Slot = {
        job,
        inFlight: null,
        timer: null,
        status: { name: job.name, intervalMs: job.intervalMs, ok: true, running: false, runs: 0, failures: 0, skipped: 0, lastStartedAt: null, lastDurationMs: null, lastSuccessAt: null, lastError: null },
      };
      slots.set(job.name, slot);
      if (started && !stopped) schedule(slot);
    },
    start() {
      if (started) return;
      started = true;
      for (const slot of slots.values()) schedule(slot);
    },
    async stop() {
      stopped = true;
      abort.abort();
      for (const slot of slots.values()) if (slot.timer) clearInterval(slot.timer);
      await Promise.all([...slots.values()].map((slot) => slot.inFlight));
    },
    status: () => [...slots.values()].map((slot) => ({ ...slot.status })),
  };
}
