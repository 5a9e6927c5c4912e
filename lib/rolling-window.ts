import { nearestRank } from "./percentile";

/**
 * Samples of the last `spanMs`, for "now" figures (rate, p95) that counters since start cannot
 * give. A ring of at most `maxSamples`: adding is constant time (it runs once per ingested event;
 * dropping the oldest from the front of an array cost a copy of the whole array per sample, 6 % of
 * the worker's CPU, shared/MEASURED.md).
 */
export class RollingWindow {
  private readonly at: Float64Array;
  private readonly values: Float64Array;
  /** Index of the oldest sample, and how many there are. */
  private start = 0;
  private size = 0;

  constructor(
    private readonly spanMs: number,
    private readonly maxSamples = 10_000,
  ) {
    this.at = new Float64Array(maxSamples);
    this.values = new Float64Array(maxSamples);
  }

  add(value: number, at = Date.now()): void {
    const end = (this.start + this.size) % this.maxSamples;
    this.at[end] = at;
    this.values[end] = value;
    if (this.size < this.maxSamples) this.size += 1;
    else this.start = (this.start + 1) % this.maxSamples;
  }

  private recent(now: number): number[] {
    const from = now - this.spanMs;
    while (this.size > 0 && this.at[this.start]! < from) {
      this.start = (this.start + 1) % this.maxSamples;
      this.size -= 1;
    }
    const out = new Array<number>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.values[(this.start + i) % this.maxSamples]!;
    return out;
  }

  sum(now = Date.now()): number {
    return this.recent(now).reduce((a, b) => a + b, 0);
  }

  /** Nearest-rank percentile of the recent samples; null when there are none. */
  percentile(p: number, now = Date.now()): number | null {
    return nearestRank(this.recent(now).sort((a, b) => a - b), p) ?? null;
  }
}
