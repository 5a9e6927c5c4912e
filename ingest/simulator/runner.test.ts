import { describe, expect, it } from "vitest";
import type { CloudEvent } from "../../lib/events/contract";
import { startSimulator } from "./runner";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("simulator runner (real timers)", () => {
  it("backfills history first, then keeps feeding the sink, and stops cleanly", async () => {
    const batches: CloudEvent[][] = [];
    const runner = startSimulator({ seed: 1, workflowsPerMinute: 600, backfillMinutes: 5, tickMs: 20, sink: async (events) => void batches.push(events) });
    await expect.poll(() => batches.length, { timeout: 5_000 }).toBeGreaterThan(3);
    await runner.stop();
    const after = batches.length;
    await sleep(150);
    expect(batches.length).toBe(after);

    const backfill = batches[0]!;
    expect(backfill.length).toBeGreaterThan(100);
    expect(Date.parse(backfill[0]!.time!)).toBeLessThan(Date.now() - 4 * 60_000);
    const all = batches.flat();
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    const times = all.map((e) => Date.parse(e.time!));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.now());
  });

  it("never overlaps sink calls and loses nothing while the sink is slow", async () => {
    let active = 0;
    let maxActive = 0;
    const received: CloudEvent[] = [];
    const runner = startSimulator({
      seed: 2,
      workflowsPerMinute: 6_000,
      tickMs: 5,
      sink: async (events) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(60);
        received.push(...events);
        active--;
      },
    });
    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThan(200);
    await runner.stop();
    expect(maxActive).toBe(1);
    expect(active).toBe(0);
    expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
    const times = received.map((e) => Date.parse(e.time!));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
  });

  it("reports sink errors and keeps running", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const runner = startSimulator({
      seed: 3,
      workflowsPerMinute: 6_000,
      tickMs: 10,
      sink: async () => {
        calls++;
        throw new Error("sink down");
      },
      onError: (e) => errors.push(e),
    });
    await expect.poll(() => calls, { timeout: 5_000 }).toBeGreaterThan(3);
    await runner.stop();
    expect(errors.length).toBe(calls);
    expect(errors[0]).toBeInstanceOf(Error);
  });

  it("stop() waits for the sink call in flight", async () => {
    let started = false;
    let finished = false;
    const runner = startSimulator({
      seed: 4,
      backfillMinutes: 1,
      tickMs: 10,
      sink: async () => {
        started = true;
        await sleep(200);
        finished = true;
      },
    });
    await expect.poll(() => started, { timeout: 5_000 }).toBe(true);
    await runner.stop();
    expect(finished).toBe(true);
  });

  it("generates a long backfill in slices, leaving the event loop free for the host process", async () => {
    let events = 0;
    let longestGap = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    // 30 minutes at 600 a minute: about 130k events, well over a second of generation in one go.
    const runner = startSimulator({ seed: 6, workflowsPerMinute: 600, backfillMinutes: 30, tickMs: 50, sink: async (batch) => void (events += batch.length) });
    await expect.poll(() => events, { timeout: 20_000 }).toBeGreaterThan(100_000);
    await runner.stop();
    clearInterval(probe);
    expect(longestGap).toBeLessThan(400);
  });

  it("stopped before its first tick, it never calls the sink", async () => {
    let calls = 0;
    const runner = startSimulator({ seed: 5, backfillMinutes: 10, tickMs: 10, sink: async () => void calls++ });
    await runner.stop();
    await sleep(50);
    expect(calls).toBe(0);
  });
});
