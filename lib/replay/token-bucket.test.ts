import { describe, expect, it } from "vitest";
import { burstFor, nextBackoffMs, TokenBucket } from "./token-bucket";

describe("TokenBucket", () => {
  it("paces takes at the rate once the burst is spent", () => {
    const b = new TokenBucket(10, 1, 0);
    expect(b.take(0)).toBe(0);
    expect(b.take(0)).toBeCloseTo(100);
    // The caller slept the 100 ms it was told; the next token is another 100 ms away.
    expect(b.take(100)).toBeCloseTo(100);
  });

  it("a simulated sender that sleeps as told sends rate × time messages", () => {
    const rate = 200;
    const b = new TokenBucket(rate, burstFor(rate), 0);
    let now = 0;
    let sent = 0;
    while (now < 60_000) {
      now += b.take(now);
      if (now >= 60_000) break;
      sent++;
    }
    expect(sent).toBeGreaterThanOrEqual(rate * 60);
    expect(sent).toBeLessThanOrEqual(rate * 60 + 2);
  });

  it("a sender stalled for less than the burst makes the time up, and no second exceeds 1.5 × the rate", () => {
    const rate = 200;
    const b = new TokenBucket(rate, burstFor(rate), 0);
    let now = 0;
    const sends: number[] = [];
    while (now < 60_000) {
      now += b.take(now);
      // Every 2 s the event loop is held for 400 ms (a long statement, late timers).
      if (now % 2_000 < 5) now += 400;
      if (now >= 60_000) break;
      sends.push(now);
    }
    expect(sends.length).toBeGreaterThanOrEqual(rate * 60 * 0.99);
    for (let t = 0; t < 59_000; t += 100) expect(sends.filter((s) => s >= t && s < t + 1_000).length).toBeLessThanOrEqual(rate * 1.5 + 1);
  });

  it("backs off 1 s, doubling, to at most a minute", () => {
    expect(nextBackoffMs(0)).toBe(1_000);
    expect(nextBackoffMs(1_000)).toBe(2_000);
    expect(nextBackoffMs(40_000)).toBe(60_000);
    expect(nextBackoffMs(60_000)).toBe(60_000);
  });
});
