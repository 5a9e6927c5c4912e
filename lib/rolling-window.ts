import { nearestRank } from "./percentile";

/** Samples of the last `spanMs`, for "now" figures (rate, p95) that counters since start cannot give. */
export class RollingWindow {
  private samples: { at: number; value: number }[] = [];

  constructor(
    private readonly spanMs: number,
    private readonly maxSamples = 10_000,
  ) {}

  add(value: number, at = Date.now()): void {
    this.samples.push({ at, value });
    if (this.samples.length > this.maxSamples) this.samples.splice(0, this.samples.length - this.maxSamples);
  }

  private recent(now: number): number[] {
    const from = now - this.spanMs;
    const first = this.samples.findIndex((s) => s.at >= from);
    if (first === -1) {
      this.samples = [];
      return [];
    }
    if (first > 0) this.samples.splice(0, first);
    return this.samples.map((s) => s.value);
  }

  sum(now = Date.now()): number {
    return this.recent(now).reduce((a, b) => a + b, 0);
  }

  /** Nearest-rank percentile of the recent samples; null when there are none. */
  percentile(p: number, now = Date.now()): number | null {
    return nearestRank(this.recent(now).sort((a, b) => a - b), p) ?? null;
  }
}
