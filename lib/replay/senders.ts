import type { IHeaders, Message, Producer } from "kafkajs";
import { headerBytes } from "../events/kafka-origin";
import { isJsonMedia, mediaType } from "../events/media-type";
import type { ReplayTarget } from "../generated/prisma/client";
import type { OriginalAttributes } from "./message-lookup";
import { renderTemplate, TEMPLATE_VARIABLES } from "./templates";

/** What the worker hands a target for one message. */
export interface ReplayEnvelope {
  taskId: string;
  idempotencyKey: string;
  correlationId: string;
  messageId: string;
  interface: string;
  from: string;
  to: string;
  plant: string;
  lotId: string;
  orderId: string;
  /** The user who asked for the replay: the evidence pack's "replayed by". */
  replayedBy: string;
  reason: string;
  /** The stored original's attributes and, when it came over Kafka, its topic, key and headers. */
  original: OriginalAttributes | null;
  /** The original business payload, or the edited one. */
  payload: unknown;
}

export type SendResult = { ok: true; detail: string } | { ok: false; retryable: boolean; error: string };

export type Sender = (target: ReplayTarget, envelope: ReplayEnvelope, signal: AbortSignal) => Promise<SendResult>;

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

function templateVars(e: ReplayEnvelope): Record<(typeof TEMPLATE_VARIABLES)[number], string> {
  return {
    correlationId: e.correlationId,
    messageId: e.messageId,
    interface: e.interface,
    plant: e.plant,
    taskId: e.taskId,
    lotId: e.lotId,
    orderId: e.orderId,
    idempotencyKey: e.idempotencyKey,
    originalId: e.original?.id ?? "",
    replayedBy: e.replayedBy,
  };
}

function renderHeaders(target: ReplayTarget, e: ReplayEnvelope): Record<string, string> {
  const vars = templateVars(e);
  return Object.fromEntries(Object.entries((target.headers ?? {}) as Record<string, string>).map(([k, v]) => [k, renderTemplate(v, vars)]));
}

/** The auth header's value: the named environment variable wins over a stored secret. */
export function authSecret(target: ReplayTarget, env: Readonly<Record<string, string | undefined>>): string | null {
  if (target.authSecretEnv) return env[target.authSecretEnv] ?? null;
  return target.authSecret;
}

/** The middleware's replay API: 2xx done, 5xx / 429 / refused pause the task, other 4xx fail the message. */
export function httpSender(env: Readonly<Record<string, string | undefined>>, timeoutMs = 10_000): Sender {
  return async (target, envelope, signal) => {
    if (!target.url) return { ok: false, retryable: false, error: "the target has no URL" };
    const headers: Record<string, string> = { "content-type": "application/json", ...renderHeaders(target, envelope), [IDEMPOTENCY_HEADER]: envelope.idempotencyKey };
    if (target.authHeader) {
      const secret = authSecret(target, env);
      if (secret === null) return { ok: false, retryable: true, error: `the auth secret (${target.authSecretEnv ?? "stored"}) is not set` };
      headers[target.authHeader] = secret;
    }
    let response: Response;
    try {
      response = await fetch(target.url, { method: target.method, headers, body: JSON.stringify(envelope), signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      return { ok: false, retryable: true, error: `${error instanceof Error ? error.message : String(error)}${cause}` };
    }
    const text = (await response.text().catch(() => "")).slice(0, 500);
    if (response.ok) return { ok: true, detail: `${response.status} ${text}`.trim() };
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    return { ok: false, retryable, error: `${target.method} ${target.url} answered ${response.status}${text ? `: ${text}` : ""}` };
  };
}

/** Where and how one replayed message goes to Kafka, or why it cannot. */
export type KafkaReplayMessage = { ok: true; topic: string; message: Message } | { ok: false; error: string };

// The re-published event's id: new (so it never dedupes away the original), but the same on a
// re-send of the same task item, and within the contract's 200 characters.
function replayEventId(originalId: string, idempotencyKey: string): string {
  const suffix = `-replay-${idempotencyKey.slice(-12)}`;
  return `${originalId.slice(0, 200 - suffix.length)}${suffix}`;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

/** The CloudEvents attributes of the original as stored, as binary-mode headers, with `ce_replayof`. */
function ceHeaders(e: ReplayEnvelope, o: OriginalAttributes): Record<string, string> {
  const ce: Record<string, string> = {
    ce_specversion: "1.0",
    ce_id: replayEventId(o.id, e.idempotencyKey),
    ce_type: o.type,
    ce_source: o.source,
    ce_time: o.time,
    ce_sourcesystem: o.system,
    ce_correlationid: e.correlationId,
    ce_replayof: o.id,
  };
  if (o.subject) ce.ce_subject = o.subject;
  if (o.plant) ce.ce_plant = o.plant;
  if (o.lotId) ce.ce_lotid = o.lotId;
  if (o.orderId) ce.ce_orderid = o.orderId;
  if (o.messageId) ce.ce_messageid = o.messageId;
  // The trace flags are not stored; the replay is reported as sampled.
  if (HEX32.test(o.traceId) && HEX16.test(o.spanId)) ce.ce_traceparent = `00-${o.traceId}-${o.spanId}-01`;
  return ce;
}

function isBase64Data(payload: unknown): payload is { data_base64: string } {
  return typeof payload === "object" && payload !== null && Object.keys(payload).length === 1 && typeof (payload as { data_base64?: unknown }).data_base64 === "string";
}

/** The record value and its content type: the stored data as it was decoded at ingest. */
function body(payload: unknown, contentType: string | undefined): { value: Buffer | string | null; contentType: string } {
  if (payload === null || payload === undefined) return { value: null, contentType: contentType ?? "application/json" };
  if (isBase64Data(payload)) return { value: Buffer.from(payload.data_base64, "base64"), contentType: contentType ?? "application/octet-stream" };
  const json = contentType !== undefined && isJsonMedia(mediaType(contentType));
  if (typeof payload === "string" && contentType !== undefined && !json) return { value: payload, contentType };
  return { value: JSON.stringify(payload), contentType: json ? contentType : "application/json" };
}

function appendHeader(headers: IHeaders, name: string, value: Buffer | string) {
  const current = headers[name];
  headers[name] = current === undefined ? value : [...(Array.isArray(current) ? current : [current]), value];
}

/**
 * The replayed message in CloudEvents binary mode. A message that came over Kafka goes back to
 * its topic (unless the target names one) with its key (unless the target has a key template)
 * and its other headers; one that came over HTTP gets a key from the template or its lot, order
 * or correlation id. The attributes are `ce_` headers regenerated from the stored event, with a
 * new `ce_id` and `ce_replayof` naming the original; the target's headers and the
 * Idempotency-Key come last.
 */
export function kafkaReplayMessage(target: ReplayTarget, e: ReplayEnvelope): KafkaReplayMessage {
  const o = e.original;
  if (!o) return { ok: false, error: "the original business event of the message is not stored; nothing to re-publish" };
  const origin = o.kafka;
  const topic = target.topic || origin?.topic;
  if (!topic) return { ok: false, error: "the target names no topic and the original did not come over Kafka" };
  let key: Buffer | string | null;
  if (target.keyTemplate) key = renderTemplate(target.keyTemplate, templateVars(e));
  else if (origin && !origin.dropped?.includes("key")) key = origin.keyBase64 !== undefined ? Buffer.from(origin.keyBase64, "base64") : (origin.key ?? null);
  else key = e.lotId || e.orderId || e.correlationId;
  const { value, contentType } = body(e.payload, origin?.contentType);
  const headers: IHeaders = {};
  for (const h of origin?.headers ?? []) {
    // One Idempotency-Key per record: an original's own is replaced by this send's.
    if (h.name.toLowerCase() !== IDEMPOTENCY_HEADER.toLowerCase()) appendHeader(headers, h.name, headerBytes(h));
  }
  Object.assign(headers, ceHeaders(e, o), renderHeaders(target, e), { "content-type": contentType, [IDEMPOTENCY_HEADER]: e.idempotencyKey });
  return { ok: true, topic, message: { key, value, headers } };
}

/** Kafka re-publish (see kafkaReplayMessage); a failed send (broker down, timeout) pauses the task. */
export function kafkaSender(producer: () => Promise<Producer>): Sender {
  return async (target, e) => {
    const built = kafkaReplayMessage(target, e);
    if (!built.ok) return { ok: false, retryable: false, error: built.error };
    try {
      const p = await producer();
      await p.send({ topic: built.topic, messages: [built.message] });
      return { ok: true, detail: `published to ${built.topic}` };
    } catch (error) {
      return { ok: false, retryable: true, error: `kafka: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
}
