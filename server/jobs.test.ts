import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import type { Config } from "../lib/config";
import { metrics } from "../lib/metrics";
import { createJobRegistry, type JobContext } from "./jobs";

const ctx = (log: (m: string) => void = () => {}): JobContext => ({ config: {} as Config, clickhouse: {} as ClickHouseClient, db: null, log });

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

afterEach(() => {
  vi.useRealTimers();
});

describe("job registry", () => {
  it("runs a job at start and every interval, and reports its runs", async () => {
    vi.useFakeTimers();
    const run = vi.fn(async () => {});
    const jobs = createJobRegistry(ctx());
    jobs.register({ name: "tick", intervalMs: 1_000, run });
    jobs.start();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(run).toHaveBeenCalledTimes(3);
    const [status] = jobs.status();
    expect(status).toMatchObject({ name: "tick", ok: true, runs: 3, failures: 0, skipped: 0, running: false, lastError: null });
    expect(status!.lastSuccessAt).not.toBeNull();
    await jobs.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it("never overlaps two runs of a job: a run due while one is going is skipped and counted", async () => {
    vi.useFakeTimers();
    const gate = deferred();
    let concurrent = 0;
    let maxConcurrent = 0;
    const jobs = createJobRegistry(ctx());
    jobs.register({
      name: "slow",
      intervalMs: 100,
      run: async () => {
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        await gate.promise;
        concurrent -= 1;
      },
    });
    jobs.start();
    await vi.advanceTimersByTimeAsync(350);
    expect(jobs.status()[0]).toMatchObject({ running: true, runs: 0, skipped: 3 });
    gate.resolve();
    await vi.advanceTimersByTimeAsync(100);
    expect(maxConcurrent).toBe(1);
    expect(jobs.status()[0]).toMatchObject({ runs: 2, skipped: 3 });
    expect(await metrics().registry.getSingleMetricAsString("lotline_job_runs_total")).toMatch(/lotline_job_runs_total\{job="slow",outcome="skipped"\} 3/);
    await jobs.stop();
  });

  it("counts and logs a failing run without throwing, and recovers on the next success", async () => {
    vi.useFakeTimers();
    const log = vi.fn();
    let fail = true;
    const jobs = createJobRegistry(ctx(log));
    jobs.register({
      name: "flaky",
      intervalMs: 1_000,
      run: async () => {
        if (fail) throw new Error("store down");
      },
    });
    jobs.start();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(jobs.status()[0]).toMatchObject({ ok: false, runs: 2, failures: 2, lastError: "store down", lastSuccessAt: null });
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/job flaky failed: store down/);
    fail = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(jobs.status()[0]).toMatchObject({ ok: true, runs: 3, failures: 2, lastError: null });
    const text = await metrics().registry.metrics();
    expect(text).toMatch(/lotline_job_runs_total\{job="flaky",outcome="failure"\} 2/);
    expect(text).toMatch(/lotline_job_last_success_timestamp_seconds\{job="flaky"\} \d+/);
    expect(text).toMatch(/lotline_job_duration_seconds_count\{job="flaky"\} 3/);
    await jobs.stop();
  });

  it("stop() aborts the signal and waits for the run still going", async () => {
    let aborted = false;
    let finished = false;
    const jobs = createJobRegistry(ctx());
    jobs.register({
      name: "long",
      intervalMs: 60_000,
      run: (_ctx, signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            setTimeout(() => {
              finished = true;
              resolve();
            }, 20);
          });
        }),
    });
    jobs.start();
    await jobs.stop();
    expect(aborted).toBe(true);
    expect(finished).toBe(true);
    expect(jobs.status()[0]).toMatchObject({ running: false, runs: 1 });
  });

  it("refuses a second job of the same name and a non-positive interval", () => {
    const jobs = createJobRegistry(ctx());
    jobs.register({ name: "a", intervalMs: 10, run: async () => {} });
    expect(() => jobs.register({ name: "a", intervalMs: 10, run: async () => {} })).toThrow(/already registered/);
    expect(() => jobs.register({ name: "b", intervalMs: 0, run: async () => {} })).toThrow(/intervalMs/);
  });

  it("starts a job registered after start at once", async () => {
    const run = vi.fn(async () => {});
    const jobs = createJobRegistry(ctx());
    jobs.start();
    jobs.register({ name: "late", intervalMs: 60_000, run });
    await jobs.stop();
    expect(run).toHaveBeenCalledTimes(1);
  });
});
