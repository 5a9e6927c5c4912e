import { createHash } from "node:crypto";

/** What an exception's error signature is made of; empty strings where a source has no such part. */
export interface SignatureInput {
  /** The source kind: integration, sla_breach, non_event, burn_rate, ingest_dead_letter, divergence. */
  kind: string;
  from: string;
  to: string;
  /** Integration or interface name, or the SLA definition / ingest channel. */
  interface: string;
  /** HTTP status or error code. */
  code: string;
  message: string;
  /** Business ids known to be in the message (lots, orders): masked even when they hold no digit. */
  ids?: readonly string[];
}

export interface Fingerprint {
  /** 16 hex characters: the group id. */
  id: string;
  template: string;
  /** One human line naming every part, e.g. "integration ERP→MES order-release 429: ERP API returned <n> Too Many Requests". */
  signature: string;
}

/** The middleware's dead-letter wrapper says where it parked the message; the failure under it is what groups. */
const DEAD_LETTER_PREFIX = /^moved to \S+ after \d+ failed attempts?:\s*/i;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The message with everything that differs between occurrences of one error masked: quoted
 * values, uuids, long hex, known business ids, any token carrying a digit (message, lot and
 * order ids, timestamps) and plain numbers. Whitespace is collapsed so spacing never splits a group.
 */
export function messageTemplate(message: string, ids: readonly string[] = []): string {
  let t = message.replace(DEAD_LETTER_PREFIX, "").trim();
  for (const id of [...ids].filter((x) => x.length >= 3).sort((a, b) => b.length - a.length)) t = t.replace(new RegExp(escapeRegExp(id), "g"), "<id>");
  t = t
    .replace(/"[^"]*"|'[^']*'/g, "<str>")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>")
    .replace(/\b(?:0x)?[0-9a-f]{12,}\b/gi, "<hex>")
    .replace(/\b\d{4}-\d{2}-\d{2}[T ][\d:.]+Z?\b/g, "<time>")
    .replace(/[A-Za-z_][\w.-]*\d[\w.-]*|\d+[A-Za-z_][\w.-]*/g, (token) => (/^[\d.]+$/.test(token) ? token : "<id>"))
    .replace(/\b\d+(?:\.\d+)?\b/g, "<n>")
    .replace(/\s+/g, " ");
  return t;
}

/** The normalised signature of an error and its stable id. */
export function fingerprintOf(input: SignatureInput): Fingerprint {
  const template = messageTemplate(input.message, input.ids);
  const route = input.from || input.to ? `${input.from || "?"}→${input.to || "?"}` : "";
  const parts = [input.kind, route, input.interface, input.code].filter((p) => p !== "");
  const signature = `${parts.join(" ")}: ${template}`;
  const id = createHash("sha256").update(JSON.stringify([input.kind, input.from, input.to, input.interface, input.code, template])).digest("hex").slice(0, 16);
  return { id, template, signature };
}
