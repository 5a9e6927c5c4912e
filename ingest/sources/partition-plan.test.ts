import { describe, expect, it } from "vitest";
import { planPartitionBatch } from "./partition-plan";

const msgs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ offset: from + i }));
const offsets = (ms: { offset: number }[]) => ms.map((m) => m.offset);

describe("planPartitionBatch", () => {
  it("turns a batch into one new range when nothing is pending", () => {
    const plan = planPartitionBatch(null, msgs(10, 14), 15);
    expect(plan.pending).toBeNull();
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]).toMatchObject({ range: { first: 10, last: 14 }, resend: false });
  });

  it("re-sends exactly the announced range, skips what came before it, and writes the rest as a new range", () => {
    // Committed offset 5, announced [8, 12] before the crash; the new fetch runs to 20.
    const plan = planPartitionBatch({ range: { first: 8, last: 12 }, carry: [] }, msgs(5, 20), 21);
    expect(plan.writes.map((w) => [w.range, offsets(w.messages), w.resend])).toEqual([
      [{ first: 8, last: 12 }, [8, 9, 10, 11, 12], true],
      [{ first: 13, last: 20 }, msgs(13, 20).map((m) => m.offset), false],
    ]);
    expect(plan.pending).toBeNull();
  });

  it("keeps collecting when a fetch ends inside the announced range", () => {
    const first = planPartitionBatch({ range: { first: 8, last: 12 }, carry: [] }, msgs(8, 10), 30);
    expect(first.writes).toEqual([]);
    expect(offsets(first.pending!.carry)).toEqual([8, 9, 10]);
    const second = planPartitionBatch(first.pending, msgs(11, 15), 30);
    expect(second.writes.map((w) => [w.range, offsets(w.messages)])).toEqual([
      [{ first: 8, last: 12 }, [8, 9, 10, 11, 12]],
      [{ first: 13, last: 15 }, [13, 14, 15]],
    ]);
  });

  it("finishes the re-send when the log ends inside the range", () => {
    const plan = planPartitionBatch({ range: { first: 8, last: 12 }, carry: [] }, msgs(8, 10), 11);
    expect(plan.writes.map((w) => w.range)).toEqual([{ first: 8, last: 12 }]);
    expect(plan.pending).toBeNull();
  });

  it("writes nothing again for a range that was completed and committed", () => {
    const plan = planPartitionBatch({ range: { first: 8, last: 12 }, carry: [] }, msgs(13, 16), 17);
    expect(plan.writes.map((w) => [w.range, w.resend])).toEqual([[{ first: 13, last: 16 }, false]]);
  });
});
