/**
 * A token bucket per target: `rate` tokens a second, holding at most `burst`. `take` reserves
 * one token and says how long to wait before using it, so callers sleep outside the bucket.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = Math.min(1, burst);
    this.last = now;
  }

  /** A changed rate (an admin edited the target) applies from the next token. */
  setRate(rate: number): void {
    this.rate = rate;
  }

  take(now: number): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.rate) * 1000;
  }
}

/**
 * Burst of half a second's worth: a sender stalled that long (its event loop busy with a database
 * statement or a ClickHouse read, timers late) makes the time up instead of losing it, so the
 * configured rate holds on average; no second sees more than 1.5 × the rate.
 */
export const burstFor = (rate: number) => Math.max(1, rate / 2);

/** Pause after a target answered 5xx or refused: 1 s, doubling, at most a minute. */
export function nextBackoffMs(previousMs: number): number {
  return previousMs <= 0 ? 1_000 : Math.min(previousMs * 2, 60_000);
}
