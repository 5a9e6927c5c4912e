import type { CloudEvent } from "../lib/events/contract";
import { INTERFACES } from "../ingest/simulator/catalog";
import type { FailedRelease } from "../ingest/simulator/dead-lettered-releases";
import { BUSINESS_TYPES } from "../ingest/simulator/event-types";
import { InstanceBuilder } from "../ingest/simulator/instance-builder";
import { createRng } from "../ingest/simulator/random";

export { deadLetteredReleases, type FailedRelease } from "../ingest/simulator/dead-lettered-releases";

/** A delivered order release (the same order as `of`), later: a replay of `of` would be superseded. */
export function laterDelivery(of: FailedRelease, plant: string, at: number, seed = 99): CloudEvent[] {
  const b = new InstanceBuilder(createRng(seed), plant, { orderid: of.orderId }, []);
  b.emit(at, "ERP", BUSINESS_TYPES.orderReleased, { item: "HSG-PUMP-200", quantity: 1, uom: "EA" });
  b.deliver(at, INTERFACES.orderRelease, 0);
  return b.events.map((e) => e.event);
}
