import { Kafka, logLevel, Partitioners, type Message, type Producer } from "kafkajs";
import type { CloudEvent } from "../../lib/events/contract";
import type { Outgoing } from "./stream-faults";

export interface Sender {
  send(batch: Outgoing[]): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Posts to the CloudEvents ingest API as a batch; malformed items go one by one, as a broken
 * client would send them. 429 and 503 are retried after their Retry-After.
 */
export function httpSender(baseUrl: string, token: string): Sender {
  const endpoint = new URL("/api/v1/ingest/events", baseUrl).toString();
  const post = async (body: string, contentType: string, okStatuses: number[]) => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(endpoint, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": contentType }, body });
      if (okStatuses.includes(res.status)) return;
      if ((res.status === 429 || res.status === 503) && attempt < 20) {
        await sleep(Number(res.headers.get("retry-after") ?? "1") * 1000);
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

function binary(event: CloudEvent): Message {
  const { data, ...attributes } = event;
  const headers: Record<string, string> = { "content-type": "application/json" };
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) headers[`ce_${name}`] = String(value);
  return { key: event.correlationid ?? null, value: data === undefined ? null : JSON.stringify(data), headers };
}

/** Produces with the CloudEvents Kafka binding: every other event in binary mode, the rest structured. */
export async function kafkaSender(brokers: string[], topic: string): Promise<Sender> {
  const kafka = new Kafka({ clientId: "lotline-simulator", brokers, logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
  await producer.connect();
  let n = 0;
  return {
    async send(batch) {
      const messages = batch.map((o): Message => {
        if (o.kind === "malformed") return { key: null, value: o.raw, headers: { "content-type": "application/cloudevents+json" } };
        return n++ % 2 === 0 ? binary(o.event) : { key: o.event.correlationid ?? null, value: JSON.stringify(o.event), headers: { "content-type": "application/cloudevents+json" } };
      });
      if (messages.length > 0) await producer.send({ topic, acks: -1, messages });
    },
    close: () => producer.disconnect(),
  };
}
