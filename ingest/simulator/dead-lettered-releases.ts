import type { CloudEvent } from "../../lib/events/contract";
import { INTERFACES } from "./catalog";
import { BUSINESS_TYPES } from "./event-types";
import { InstanceBuilder } from "./instance-builder";
import { createRng } from "./random";

export interface FailedRelease {
  correlationId: string;
  messageId: string;
  orderId: string;
  originalId: string;
}

/**
 * Order releases whose ERP → MES message was dead-lettered while MES was down, built by the
 * simulator's own instance builder, so they carry exactly the telemetry the simulator emits: what
 * the replay tests and the replay bench send again.
 */
export function deadLetteredReleases(count: number, plant: string, start: number, seed = 7): { events: CloudEvent[]; messages: FailedRelease[] } {
  const rng = createRng(seed);
  const events: CloudEvent[] = [];
  const messages: FailedRelease[] = [];
  for (let i = 0; i < count; i++) {
    const orderId = `ORD-${seed}-${plant}-${String(i).padStart(5, "0")}`;
    const b = new InstanceBuilder(rng, plant, { orderid: orderId }, ["MES"]);
    const at = start + i * 10;
    b.emit(at, "ERP", BUSINESS_TYPES.orderReleased, { item: "HSG-PUMP-200", quantity: 100 + i, uom: "EA" });
    b.deliver(at, INTERFACES.orderRelease, 1);
    const all = b.events.map((e) => e.event);
    events.push(...all);
    const telemetry = all.find((e) => e.messageid !== undefined)!;
    messages.push({ correlationId: b.correlationid, messageId: telemetry.messageid!, orderId, originalId: all[0]!.id });
  }
  return { events, messages };
}
