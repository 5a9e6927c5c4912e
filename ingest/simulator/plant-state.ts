import type { LotRef, OrderRef } from "./workflows";

/**
 * The most recent records that are already true, plus those that become true later (their
 * number is bounded by the rate times the longest hand-off). Kept sorted by the time they
 * become true; asking at time t forgets all but the newest `limit` of those true by then.
 */
class RecentPool<T> {
  private entries: { value: T; from: number }[] = [];

  constructor(private readonly limit: number) {}

  add(value: T, from: number): void {
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1]!.from > from) i--;
    this.entries.splice(i, 0, { value, from });
  }

  availableAt(t: number, keep: (value: T) => boolean = () => true): T[] {
    let ready = 0;
    while (ready < this.entries.length && this.entries[ready]!.from <= t) ready++;
    if (ready > this.limit) {
      this.entries.splice(0, ready - this.limit);
      ready = this.limit;
    }
    return this.entries
      .slice(0, ready)
      .filter((e) => keep(e.value))
      .map((e) => e.value);
  }

  remove(match: (value: T) => boolean): void {
    this.entries = this.entries.filter((e) => !match(e.value));
  }
}

export interface Consumption {
  lot: LotRef;
  orderid: string;
}

interface Hold {
  lot: LotRef;
  from: number;
  /** When ERP lifts the hold, once a disposition has released the lot. */
  until?: number;
}

const POOL_LIMIT = 60;
const BLOCKED_LIMIT = 500;

/**
 * What one plant has at a point in simulated time: released lots, orders acknowledged by MES,
 * which lot went into which order, and which lots are on hold. Records carry the time they
 * become true, because instances are built when they start while their steps lie in the future.
 */
export class PlantState {
  private readonly lots = new RecentPool<LotRef>(POOL_LIMIT);
  private readonly orders = new RecentPool<OrderRef>(POOL_LIMIT);
  private readonly consumptions = new RecentPool<Consumption>(POOL_LIMIT);
  private readonly holds = new Map<string, Hold>();

  addLot(lot: LotRef, from: number): void {
    this.lots.add(lot, from);
  }

  addOrder(order: OrderRef, from: number): void {
    this.orders.add(order, from);
  }

  addConsumption(consumption: Consumption, from: number): void {
    this.consumptions.add(consumption, from);
  }

  blockLot(lot: LotRef, from: number): void {
    const earlier = this.holds.get(lot.lotid);
    this.holds.set(lot.lotid, { lot, from: Math.min(from, earlier?.from ?? from) });
    if (this.holds.size > BLOCKED_LIMIT) {
      const oldest = this.holds.keys().next();
      if (!oldest.done) this.holds.delete(oldest.value);
    }
  }

  private isBlocked(lotid: string, t: number): boolean {
    const hold = this.holds.get(lotid);
    return hold !== undefined && hold.from <= t && (hold.until === undefined || t < hold.until);
  }

  /** Released, not held lots, optionally of one bill-of-material level. */
  usableLots(t: number, level?: number): LotRef[] {
    return this.lots.availableAt(t, (lot) => !this.isBlocked(lot.lotid, t) && (level === undefined || (lot.level ?? 0) === level));
  }

  /** Lots on hold by time t and not yet dispositioned: what a disposition can release or a rework order can take. */
  heldLots(t: number): LotRef[] {
    return [...this.holds.values()].filter((h) => h.from <= t && h.until === undefined).map((h) => h.lot);
  }

  /** The lot is usable again from `at`, when ERP has posted its release. */
  releaseLot(lotid: string, at: number): void {
    const hold = this.holds.get(lotid);
    if (hold) hold.until = at;
  }

  /** A lot used up whole (merged, reworked) is gone: from stock, from the holds, and from what inspections can fail. */
  retireLot(lotid: string): void {
    this.lots.remove((lot) => lot.lotid === lotid);
    this.consumptions.remove((c) => c.lot.lotid === lotid);
    this.holds.delete(lotid);
  }

  openOrders(t: number): OrderRef[] {
    return this.orders.availableAt(t);
  }

  /** A confirmed order is complete: it takes no more consumptions. */
  closeOrder(orderid: string): void {
    this.orders.remove((o) => o.orderid === orderid);
  }

  /** Consumed lots not already on hold: what an in-process inspection can fail. */
  inspectableConsumptions(t: number): Consumption[] {
    return this.consumptions.availableAt(t, (c) => !this.isBlocked(c.lot.lotid, t));
  }
}
