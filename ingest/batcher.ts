/**
 * Collects rows from many producers into large inserts (ClickHouse wants ≥1k rows per insert
 * and about one insert per second per table). Each `add` resolves only once its rows are
 * durably written, so callers can acknowledge their source only after the insert.
 */
/** A row the write refused as bad data (the rest of its batch was written), by its index. */
export interface RefusedRow {
  index: number;
  reason: string;
}

export interface BatcherOptions<T> {
  maxRows: number;
  maxWaitMs: number;
  /** Writes the rows, or throws; resolves with the rows it refused as data, if any. */
  write: (rows: T[]) => Promise<readonly RefusedRow[] | void>;
  onFlush?: (info: { rows: number; ms: number; error?: unknown }) => void;
}

interface Waiter {
  /** Where the caller's rows start in the batch, and how many. */
  from: number;
  count: number;
  resolve: (refused: RefusedRow[]) => void;
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

  /** Resolves once the rows are written, with those the write refused (indexes into `rows`). */
  add(rows: readonly T[]): Promise<RefusedRow[]> {
    if (this.closed) return Promise.reject(new Error("ingest batcher is closed"));
    if (rows.length === 0) return Promise.resolve([]);
    const from = this.rows.length;
    const done = new Promise<RefusedRow[]>((resolve, reject) => this.waiters.push({ from, count: rows.length, resolve, reject }));
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
        const refused = (await this.options.write(rows)) ?? [];
        this.writingRows -= rows.length;
        this.options.onFlush?.({ rows: rows.length - refused.length, ms: performance.now() - started });
        for (const w of waiters) {
          const own = refused.filter((r) => r.index >= w.from && r.index < w.from + w.count);
          w.resolve(own.map((r) => ({ index: r.index - w.from, reason: r.reason })));
        }
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
