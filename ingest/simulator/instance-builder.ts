import type { CloudEvent, SourceSystem } from "../../lib/events/contract";
import { DELIVERY_ERRORS, FALLBACK_DELIVERY_ERROR, type Interface } from "./catalog";
import type { Rng } from "./random";
import { TELEMETRY_TYPES } from "./event-types";

export interface ScheduledEvent {
  /** Epoch ms at which the event happens and may be handed out. */
  due: number;
  event: CloudEvent;
}

export interface InstanceKeys {
  lotid?: string;
  orderid?: string;
}

type Extras = Partial<Pick<CloudEvent, "lotid" | "orderid" | "messageid" | "durationms" | "errormessage">>;

const OUTAGE_ERROR = { message: "target API returned 503 Service Unavailable (outage)", httpStatus: 503, latency: [20, 400] as const };

/** Share of failing messages that a retry eventually delivers; the rest end in the dead-letter queue. */
export const RECOVERY_SHARE = 0.6;

/** Collects the events of one workflow instance: one correlation id, one trace, one set of business keys. */
export class InstanceBuilder {
  readonly correlationid: string;
  readonly events: ScheduledEvent[] = [];
  private readonly traceId: string;
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly rng: Rng,
    private readonly plant: string,
    private readonly keys: InstanceKeys,
    /** Systems that are down for the whole run: every delivery to them fails. */
    private readonly down: readonly SourceSystem[] = [],
  ) {
    this.correlationid = `corr-${rng.hex(16)}`;
    this.traceId = rng.hex(32);
  }

  /** Returns the time actually used: steps never share a millisecond, so time order is step order. */
  emit(at: number, system: SourceSystem, type: string, data: Record<string, unknown>, extras: Extras = {}): number {
    const time = Math.max(Math.floor(at), this.last + 1);
    this.last = time;
    const lotid = extras.lotid ?? this.keys.lotid;
    const orderid = extras.orderid ?? this.keys.orderid;
    const event: CloudEvent = {
      specversion: "1.0",
      id: `evt-${this.rng.hex(20)}`,
      source: `/plants/${this.plant}/${system.toLowerCase()}`,
      type,
      time: new Date(time).toISOString(),
      datacontenttype: "application/json",
      sourcesystem: system,
      plant: this.plant,
      correlationid: this.correlationid,
      traceparent: `00-${this.traceId}-${this.rng.hex(16)}-01`,
      ...(lotid !== undefined ? { lotid } : {}),
      ...(orderid !== undefined ? { orderid } : {}),
      ...(extras.messageid !== undefined ? { messageid: extras.messageid } : {}),
      ...(extras.durationms !== undefined ? { durationms: extras.durationms } : {}),
      ...(extras.errormessage !== undefined ? { errormessage: extras.errormessage } : {}),
      data,
    };
    this.events.push({ due: time, event });
    return time;
  }

  /**
   * One message through the middleware: received, transformed, then delivered — or failed and
   * retried with backoff until a retry is delivered or the message is dead-lettered.
   * Returns when the target system has the message, or null when it never gets it.
   */
  deliver(at: number, iface: Interface, failureRate: number): number | null {
    const rng = this.rng;
    const messageid = `msg-${rng.hex(16)}`;
    const base = { interface: iface.name, from: iface.from, to: iface.to, endpoint: iface.endpoint };
    let t = this.emit(at + rng.int(20, 400), "MIDDLEWARE", TELEMETRY_TYPES.received, { ...base, bytes: rng.int(600, 12_000) }, { messageid });
    t = this.emit(t + rng.int(5, 80), "MIDDLEWARE", TELEMETRY_TYPES.transformed, { ...base, mapping: `${iface.name}.v${rng.int(1, 4)}` }, { messageid });

    const outage = this.down.includes(iface.to);
    const fails = rng.chance(failureRate) || outage;
    const maxAttempts = rng.int(3, 5);
    const deliveredOnAttempt = !fails ? 1 : rng.chance(RECOVERY_SHARE) && !outage ? rng.int(2, maxAttempts) : null;
    const errors = DELIVERY_ERRORS[iface.to] ?? [FALLBACK_DELIVERY_ERROR];
    // An outage tends to answer the same way on every attempt.
    const picked = rng.pick(errors);
    const error = outage ? OUTAGE_ERROR : picked;
    let lastAttempt = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      lastAttempt = attempt;
      if (attempt === deliveredOnAttempt) {
        const latency = rng.chance(0.03) ? rng.int(2_000, 9_000) : rng.int(40, 900);
        return this.emit(t + latency, "MIDDLEWARE", TELEMETRY_TYPES.delivered, { ...base, attempt, httpStatus: 201 }, { messageid, durationms: latency });
      }
      const latency = rng.int(error.latency[0], error.latency[1]);
      t = this.emit(t + latency, "MIDDLEWARE", TELEMETRY_TYPES.failed, { ...base, attempt, httpStatus: error.httpStatus }, {
        messageid,
        durationms: latency,
        errormessage: error.message,
      });
      if (attempt === maxAttempts) break;
      const backoffMs = Math.round(2_000 * 2 ** (attempt - 1) * (0.5 + rng.next()));
      t = this.emit(t + backoffMs, "MIDDLEWARE", TELEMETRY_TYPES.retried, { ...base, attempt: attempt + 1, backoffMs }, { messageid });
    }
    const queue = `dlq.${iface.name}`;
    this.emit(t + rng.int(50, 500), "MIDDLEWARE", TELEMETRY_TYPES.deadLettered, { ...base, attempts: lastAttempt, queue }, {
      messageid,
      errormessage: `moved to ${queue} after ${lastAttempt} failed attempts: ${error.message}`,
    });
    return null;
  }
}
