import type { Producer } from "kafkajs";
import type { ReplayTarget } from "../generated/prisma/client";
import { renderTemplate } from "./templates";

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
  original: { id: string; type: string; source: string; system: string; time: string } | null;
  /** The original business payload, or the edited one. */
  payload: unknown;
}

export type SendResult = { ok: true; detail: string } | { ok: false; retryable: boolean; error: string };

export type Sender = (target: ReplayTarget, envelope: ReplayEnvelope, signal: AbortSignal) => Promise<SendResult>;

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

function templateVars(e: ReplayEnvelope): Record<string, string> {
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

/**
 * Kafka re-publish of the original message to the target topic in CloudEvents binary mode:
 * attributes as `ce_` headers, data as the body, `ce_replayof` naming the original event id.
 */
export function kafkaSender(producer: () => Promise<Producer>): Sender {
  return async (target, e) => {
    if (!target.topic) return { ok: false, retryable: false, error: "the target has no topic" };
    if (!e.original) return { ok: false, retryable: false, error: "the original business event of the message is not stored; nothing to re-publish" };
    const vars = templateVars(e);
    const key = target.keyTemplate ? renderTemplate(target.keyTemplate, vars) : e.lotId || e.orderId || e.correlationId;
    const ce: Record<string, string> = {
      ce_specversion: "1.0",
      ce_id: `${e.original.id}-replay-${e.idempotencyKey.slice(-12)}`,
      ce_type: e.original.type,
      ce_source: e.original.source,
      ce_time: e.original.time,
      ce_sourcesystem: e.original.system,
      ce_plant: e.plant,
      ce_correlationid: e.correlationId,
      ce_messageid: e.messageId,
      ce_replayof: e.original.id,
      ...(e.lotId ? { ce_lotid: e.lotId } : {}),
      ...(e.orderId ? { ce_orderid: e.orderId } : {}),
    };
    try {
      const p = await producer();
      await p.send({
        topic: target.topic,
        messages: [{ key, value: JSON.stringify(e.payload), headers: { ...ce, ...renderHeaders(target, e), "content-type": "application/json", [IDEMPOTENCY_HEADER]: e.idempotencyKey } }],
      });
      return { ok: true, detail: `published to ${target.topic}` };
    } catch (error) {
      return { ok: false, retryable: true, error: `kafka: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
}
