import { describe, expect, it } from "vitest";
import type { ReplayTarget } from "../generated/prisma/client";
import type { OriginalAttributes } from "./message-lookup";
import { IDEMPOTENCY_HEADER, kafkaReplayMessage, type ReplayEnvelope } from "./senders";

const target: ReplayTarget = {
  id: "t1",
  interface: "erp-mes-order",
  kind: "kafka",
  enabled: true,
  url: null,
  method: "POST",
  authHeader: null,
  authSecretEnv: null,
  authSecret: null,
  headers: { "X-Replayed-By": "{{replayedBy}}" },
  topic: null,
  keyTemplate: null,
  ratePerSecond: 50,
  createdAt: new Date(),
  updatedAt: new Date(),
};

const original: OriginalAttributes = {
  id: "evt-1",
  type: "mfg.order.released",
  source: "/plants/P100/erp",
  system: "ERP",
  time: "2026-11-24T10:00:00.000Z",
  subject: "order/ORD-1",
  plant: "P100",
  lotId: "",
  orderId: "ORD-1",
  messageId: "",
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  kafka: {
    topic: "erp.orders",
    partition: 1,
    offset: 7,
    key: "erp-key-1",
    contentType: "application/json",
    headers: [
      { name: "x-tenant", value: "acme" },
      { name: "x-route", value: "a" },
      { name: "x-route", value: "b" },
      { name: "x-bin", base64: "3q0=" },
      { name: "Idempotency-Key", value: "lotline-replay-older" },
    ],
  },
};

const envelope: ReplayEnvelope = {
  taskId: "task-1",
  idempotencyKey: "lotline-replay-0123456789abcdef",
  correlationId: "corr-1",
  messageId: "msg-1",
  interface: "erp-mes-order",
  from: "ERP",
  to: "MES",
  plant: "P100",
  lotId: "",
  orderId: "ORD-1",
  replayedBy: "support",
  reason: "MES back",
  original,
  payload: { item: "HSG", quantity: 5 },
};

describe("kafkaReplayMessage", () => {
  it("re-publishes a Kafka original to its topic with its key and headers, the attributes as ce_ headers", () => {
    const built = kafkaReplayMessage(target, envelope);
    expect(built).toEqual({
      ok: true,
      topic: "erp.orders",
      message: {
        key: "erp-key-1",
        value: '{"item":"HSG","quantity":5}',
        headers: {
          "x-tenant": "acme",
          "x-route": ["a", "b"],
          "x-bin": Buffer.from([0xde, 0xad]),
          ce_specversion: "1.0",
          ce_id: "evt-1-replay-456789abcdef",
          ce_type: "mfg.order.released",
          ce_source: "/plants/P100/erp",
          ce_time: "2026-11-24T10:00:00.000Z",
          ce_subject: "order/ORD-1",
          ce_sourcesystem: "ERP",
          ce_plant: "P100",
          ce_correlationid: "corr-1",
          ce_orderid: "ORD-1",
          ce_traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          ce_replayof: "evt-1",
          "X-Replayed-By": "support",
          "content-type": "application/json",
          [IDEMPOTENCY_HEADER]: envelope.idempotencyKey,
        },
      },
    });
  });

  it("lets the target's topic and key template override, and derives the key of an HTTP original", () => {
    const overridden = kafkaReplayMessage({ ...target, topic: "replays", keyTemplate: "{{orderId}}" }, envelope);
    expect(overridden.ok && [overridden.topic, overridden.message.key]).toEqual(["replays", "ORD-1"]);
    const http = kafkaReplayMessage({ ...target, topic: "replays" }, { ...envelope, original: { ...original, kafka: null } });
    expect(http.ok && http.message.key).toBe("ORD-1");
    expect(http.ok && Object.keys(http.message.headers!).filter((h) => !h.startsWith("ce_"))).toEqual(["X-Replayed-By", "content-type", IDEMPOTENCY_HEADER]);
    expect(kafkaReplayMessage(target, { ...envelope, original: { ...original, kafka: null } })).toEqual({ ok: false, error: "the target names no topic and the original did not come over Kafka" });
    expect(kafkaReplayMessage(target, { ...envelope, original: null }).ok).toBe(false);
  });

  it("sends base64 data as bytes and keeps a null key and a dropped key's fallback apart", () => {
    const bytes = kafkaReplayMessage(target, { ...envelope, payload: { data_base64: "3q0=" }, original: { ...original, kafka: { ...original.kafka!, key: undefined, contentType: "application/octet-stream" } } });
    expect(bytes.ok && bytes.message).toMatchObject({ key: null, value: Buffer.from([0xde, 0xad]), headers: { "content-type": "application/octet-stream" } });
    const dropped = kafkaReplayMessage(target, { ...envelope, original: { ...original, kafka: { ...original.kafka!, key: undefined, dropped: ["key"] } } });
    expect(dropped.ok && dropped.message.key).toBe("ORD-1");
  });

  it("keeps the new event id within the contract's 200 characters", () => {
    const built = kafkaReplayMessage(target, { ...envelope, original: { ...original, id: "e".repeat(200) } });
    const id = built.ok ? String(built.message.headers!.ce_id) : "";
    expect(id).toHaveLength(200);
    expect(id.endsWith(`-replay-${envelope.idempotencyKey.slice(-12)}`)).toBe(true);
  });
});
