import type { OffsetRange } from "./kafka-offsets";

export interface OffsetMessage {
  offset: number;
}

export interface PlannedWrite<M> {
  range: OffsetRange;
  messages: M[];
  /** A re-send of a range announced before a crash or rebalance: not announced again. */
  resend: boolean;
}

export interface PendingResend<M> {
  range: OffsetRange;
  carry: M[];
}

export interface PartitionPlan<M> {
  writes: PlannedWrite<M>[];
  /** Still collecting the announced range (the fetch ended inside it). */
  pending: PendingResend<M> | null;
}

/**
 * Decides what one fetched batch of a partition becomes, so that every insert covers the same
 * offsets whatever the fetch boundaries: a range announced earlier is re-sent exactly (with
 * the same token, so ClickHouse drops it if it was written), messages before it are skipped
 * (written by earlier, completed ranges), and the rest becomes one new range.
 */
export function planPartitionBatch<M extends OffsetMessage>(pending: PendingResend<M> | null, messages: readonly M[], highWatermark: number): PartitionPlan<M> {
  const writes: PlannedWrite<M>[] = [];
  let rest: readonly M[] = messages;
  if (pending) {
    const carry = [...pending.carry];
    const after: M[] = [];
    for (const m of messages) {
      if (m.offset < pending.range.first) continue;
      if (m.offset <= pending.range.last) carry.push(m);
      else after.push(m);
    }
    const lastSeen = Math.max(pending.range.first - 1, ...carry.map((m) => m.offset), ...after.map((m) => m.offset));
    // Complete when the range's end was reached, or the log holds nothing more (retention may have removed offsets).
    const complete = lastSeen >= pending.range.last || lastSeen >= highWatermark - 1;
    if (!complete) return { writes, pending: { range: pending.range, carry } };
    if (carry.length > 0) writes.push({ range: pending.range, messages: carry, resend: true });
    rest = after;
  }
  const first = rest[0];
  const last = rest.at(-1);
  if (first && last) writes.push({ range: { first: first.offset, last: last.offset }, messages: [...rest], resend: false });
  return { writes, pending: null };
}
