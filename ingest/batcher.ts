/**
 * Collects rows from many producers into large inserts (ClickHouse wants ≥1k rows per insert
 * and about one insert per second per table). Each `add` resolves only once its rows are
 * durably written, so callers can acknowledge their source only after the insert.
 */
export interface BatcherOptions<T> {
  maxRows: number;
  maxWaitMs: number;
  write: (rows: T[]) => Promise<void>;
  onFlush?: (info: { rows: number; ms: number; error?: unknown }) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class Batcher<T> {
  private rows: T[] = [];
  // Rows handed to a write that has not settled: still held in memory, so they count as pending.
  private writingRows = 0;
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: BatcherOptions<T>) {}

  /** Rows accepted and not yet written: buffered, queued behind a write, or being written. */
  get pendingRows(): number {
    return this.rows.length + this.writingRows;
  }

  add(rows: readonly T[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("ingest batcher is closed"));
    if (rows.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    for (const row of rows) this.rows.push(row);
    if (this.rows.length >= this.options.maxRows) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.maxWaitMs);
    return done;
  }

  /** Writes what is buffered; inserts never overlap, so a batch is never interleaved with another. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.rows;
    const waiters = this.waiters;
    this.rows = [];
    this.waiters = [];
    if (rows.length === 0) return this.writing;
    this.writingRows += rows.length;
    this.writing = this.writing.then(async () => {
      const started = performance.now();
      try {
        await this.options.write(rows);
        this.writingRows -= rows.length;
        this.options.onFlush?.({ rows: rows.length, ms: performance.now() - started });
        for (const w of waiters) w.resolve();
      } catch (error) {
        this.writingRows -= rows.length;
        this.options.onFlush?.({ rows: rows.length, ms: performance.now() - started, error });
        for (const w of waiters) w.reject(error);
      }
    });
    return this.writing;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}
