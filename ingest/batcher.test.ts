import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher";

describe("Batcher", () => {
  it("flushes at maxRows and resolves callers only after the write", async () => {
    const writes: number[][] = [];
    const b = new Batcher<number>({ maxRows: 3, maxWaitMs: 10_000, write: async (rows) => void writes.push(rows) });
    const p1 = b.add([1, 2]);
    expect(writes).toHaveLength(0);
    const p2 = b.add([3]);
    await Promise.all([p1, p2]);
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it("flushes after maxWaitMs", async () => {
    const writes: number[][] = [];
    const b = new Batcher<number>({ maxRows: 100, maxWaitMs: 20, write: async (rows) => void writes.push(rows) });
    await b.add([7]);
    expect(writes).toEqual([[7]]);
  });

  it("rejects every caller of a failed batch and keeps working", async () => {
    let fail = true;
    const b = new Batcher<number>({
      maxRows: 2,
      maxWaitMs: 10_000,
      write: async () => {
        if (fail) throw new Error("clickhouse down");
      },
    });
    await expect(Promise.all([b.add([1]), b.add([2])])).rejects.toThrow("clickhouse down");
    fail = false;
    await expect(b.add([3, 4])).resolves.toEqual([]);
  });

  it("never runs two writes at once", async () => {
    let active = 0;
    let maxActive = 0;
    const b = new Batcher<number>({
      maxRows: 1,
      maxWaitMs: 1,
      write: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 5));
        active -= 1;
      },
    });
    await Promise.all([b.add([1]), b.add([2]), b.add([3])]);
    expect(maxActive).toBe(1);
  });

  it("counts rows as pending until their write settles, queued or in flight, written or failed", async () => {
    const releases: (() => void)[] = [];
    let fail = false;
    const b = new Batcher<number>({
      maxRows: 2,
      maxWaitMs: 10_000,
      write: () =>
        new Promise<void>((resolve, reject) => releases.push(() => (fail ? reject(new Error("clickhouse down")) : resolve()))),
    });
    const first = b.add([1, 2]);
    const second = b.add([3, 4]);
    const third = b.add([5]);
    // One batch in flight, one queued behind it, one row buffered: none of it is written yet.
    expect(b.pendingRows).toBe(5);
    await expect.poll(() => releases.length).toBe(1);
    releases.shift()!();
    await first;
    expect(b.pendingRows).toBe(3);
    fail = true;
    await expect.poll(() => releases.length).toBe(1);
    releases.shift()!();
    await expect(second).rejects.toThrow("clickhouse down");
    expect(b.pendingRows).toBe(1);
    fail = false;
    void b.flush();
    await expect.poll(() => releases.length).toBe(1);
    releases.shift()!();
    await third;
    expect(b.pendingRows).toBe(0);
  });

  it("refuses rows after close", async () => {
    const b = new Batcher<number>({ maxRows: 10, maxWaitMs: 10, write: async () => {} });
    await b.close();
    await expect(b.add([1])).rejects.toThrow("closed");
  });

  it("hands each caller the rows of its own the write refused, by the caller's index", async () => {
    const b = new Batcher<string>({
      maxRows: 5,
      maxWaitMs: 10_000,
      write: async (rows) => rows.flatMap((r, index) => (r.startsWith("bad") ? [{ index, reason: `no ${r}` }] : [])),
    });
    const [first, second] = await Promise.all([b.add(["ok1", "bad1"]), b.add(["bad2", "ok2", "bad3"])]);
    expect(first).toEqual([{ index: 1, reason: "no bad1" }]);
    expect(second).toEqual([
      { index: 0, reason: "no bad2" },
      { index: 2, reason: "no bad3" },
    ]);
  });
});
