import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { canSeePlant } from "../auth/actor";
import { notFound } from "../http/errors";
import { lookupMessages, lookupOriginals, messageKey, originalAttributes, type OriginalAttributes } from "./message-lookup";

const id = z.string().trim().min(1).max(200);
export const originalQuerySchema = z.object({ correlationId: id, messageId: id }).strict();

/** What a replay of one message would send as its body, and where that body came from. */
export interface OriginalPayload {
  correlationId: string;
  messageId: string;
  interface: string;
  from: string;
  to: string;
  plant: string;
  original: OriginalAttributes;
  payload: unknown;
}

/**
 * The stored business payload the `from` system handed off for one message: what the payload
 * editor starts from and what the audit trail records as "before". A message outside the
 * caller's plants is as unknown as one that does not exist.
 */
export async function originalPayload(clickhouse: ClickHouseClient, actor: Actor, query: z.infer<typeof originalQuerySchema>): Promise<OriginalPayload> {
  const key = messageKey(query.correlationId, query.messageId);
  const message = (await lookupMessages(clickhouse, [query])).get(key);
  if (!message || !canSeePlant(actor, message.plant)) throw notFound(`no message ${query.messageId} on ${query.correlationId}`);
  const found = (await lookupOriginals(clickhouse, [message])).get(key);
  if (!found) throw notFound(`no business event of ${message.from || "the sending system"} was handed off as ${query.messageId}: there is no payload to edit`);
  return { correlationId: message.correlationId, messageId: message.messageId, interface: message.interface, from: message.from, to: message.to, plant: message.plant, original: originalAttributes(found), payload: found.data };
}
