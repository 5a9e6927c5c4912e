import type { ScheduledEvent } from "./instance-builder";

interface Entry {
  item: ScheduledEvent;
  seq: number;
}

/**
 * Events scheduled but not yet due, as a binary min-heap on (due, insertion order): the
 * insertion order breaks ties so the output does not depend on how often the queue is drained.
 */
export class EventQueue {
  private readonly heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(items: readonly ScheduledEvent[]): void {
    for (const item of items) {
      this.heap.push({ item, seq: this.seq++ });
      this.up(this.heap.length - 1);
    }
  }

  /** Removes and returns, in order, every item due at or before `until`. */
  drain(until: number): ScheduledEvent[] {
    const out: ScheduledEvent[] = [];
    while (this.heap.length > 0 && this.heap[0]!.item.due <= until) {
      const top = this.heap[0]!;
      const last = this.heap.pop()!;
      if (this.heap.length > 0) {
        this.heap[0] = last;
        this.down(0);
      }
      out.push(top.item);
    }
    return out;
  }

  private before(a: Entry, b: Entry): boolean {
    return a.item.due < b.item.due || (a.item.due === b.item.due && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i]!, h[parent]!)) return;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < h.length && this.before(h[left]!, h[smallest]!)) smallest = left;
      if (right < h.length && this.before(h[right]!, h[smallest]!)) smallest = right;
      if (smallest === i) return;
      [h[i], h[smallest]] = [h[smallest]!, h[i]!];
      i = smallest;
    }
  }
}
