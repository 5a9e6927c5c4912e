import { setTimeout as sleep } from "node:timers/promises";
import { Kafka, logLevel, Partitioners, type Message, type Producer } from "kafkajs";
import type { CloudEvent } from "../../lib/events/contract";
import type { Outgoing } from "./stream-faults";

export interface Sender {
  send(batch: Outgoing[]): Promise<void>;
  close(): Promise<void>;
}

const MAX_ATTEMPTS = 20;

/** Retry-After in seconds or as an HTTP date (RFC 9110); one second when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null || header.trim() === "") return 1_000;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1_000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1_000 : Math.max(0, at - now);
}

/**
 * Posts to the CloudEvents ingest API as a batch; malformed items go one by one, as a broken
 * client would send them. 429 and 503 are retried after their Retry-After.
 */
export function httpSender(baseUrl: string, token: string): Sender {
  // Appended rather than resolved, so a Lotline behind a path prefix keeps it.
  const endpoint = `${baseUrl.replace(/\/+$/, "")}/api/v1/ingest/events`;
  const post = async (body: string, contentType: string, okStatuses: number[]) => {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(endpoint, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": contentType }, body });
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        throw new Error(`cannot reach ${endpoint}: ${cause ?? (error as Error).message}`);
      }
      if (okStatuses.includes(res.status)) {
        await res.body?.cancel();
        return;
      }
      if ((res.status === 429 || res.status === 503) && attempt < MAX_ATTEMPTS) {
        await res.body?.cancel();
        await sleep(retryAfterMs(res.headers.get("retry-after")));
        continue;
      }
      throw new Error(`ingest API answered ${res.status}: ${await res.text()}`);
    }
  };
  return {
    async send(batch) {
      const events = batch.flatMap((o) => (o.kind === "event" ? [o.event] : []));
      if (events.length > 0) await post(JSON.stringify(events), "application/cloudevents-batch+json", [202]);
      // A malformed item is refused with 400 (and dead-lettered by the server): that is the point.
      for (const o of batch) if (o.kind === "malformed") await post(o.raw, "application/cloudevents+json", [400]);
    },
    async close() {},
  };
}

/** Kafka binding, binary mode: attributes in ce_* headers, except datacontenttype, which is the content-type header. */
function binary(event: CloudEvent): Message {
  const { data, datacontenttype, ...attributes } = event;
  const headers: Record<string, string> = { "content-type": datacontenttype ?? "application/json" };
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) headers[`ce_${name}`] = String(value);
  return { key: event.correlationid ?? null, value: data === undefined ? null : JSON.stringify(data), headers };
}

function structured(event: CloudEvent): Message {
  return { key: event.correlationid ?? null, value: JSON.stringify(event), headers: { "content-type": "application/cloudevents+json" } };
}

/** Produces with the CloudEvents Kafka binding: every other event in binary mode, the rest structured; malformed items as their raw bytes. */
export async function kafkaSender(brokers: string[], topic: string): Promise<Sender> {
  const kafka = new Kafka({ clientId: "lotline-simulator", brokers, logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
  await producer.connect();
  let n = 0;
  return {
    async send(batch) {
      const messages = batch.map((o): Message => {
        if (o.kind === "malformed") return { key: null, value: Buffer.from(o.raw), headers: { "content-type": "application/cloudevents+json" } };
        return n++ % 2 === 0 ? binary(o.event) : structured(o.event);
      });
      if (messages.length > 0) await producer.send({ topic, acks: -1, messages });
    },
    close: () => producer.disconnect(),
  };
}
