import { describe, expect, it } from "vitest";
import type { CloudEvent } from "../../lib/events/contract";
import { startSimulator } from "./runner";

describe("simulator runner", () => {
  it("backfills, then keeps feeding the sink on its timer, and stops cleanly", async () => {
    const batches: CloudEvent[][] = [];
    const runner = startSimulator({ seed: 1, workflowsPerMinute: 600, backfillMinutes: 5, tickMs: 50, sink: async (events) => void batches.push(events) });
    await expect.poll(() => batches.length, { timeout: 5_000 }).toBeGreaterThan(2);
    await runner.stop();
    const after = batches.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(batches.length).toBe(after);
    const backfilled = batches[0]!;
    expect(backfilled.length).toBeGreaterThan(100);
    expect(Date.parse(backfilled[0]!.time!)).toBeLessThan(Date.now() - 60_000);
  });

  it("reports sink errors and keeps running", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const runner = startSimulator({
      seed: 2,
      workflowsPerMinute: 6000,
      tickMs: 20,
      sink: async () => {
        calls++;
        throw new Error("sink down");
      },
      onError: (e) => errors.push(e),
    });
    await expect.poll(() => calls, { timeout: 5_000 }).toBeGreaterThan(2);
    await runner.stop();
    expect(errors.length).toBe(calls);
  });
});
