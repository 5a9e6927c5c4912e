import { MAX_EVENT_BYTES } from "../../lib/events/contract";
import { mediaType } from "../../lib/events/media-type";
import { binaryModeEvent } from "./binary-mode";

/** What kafkajs hands over for one record; headers may repeat, so values can be arrays. */
export interface KafkaRecord {
  value: Buffer | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

export type DecodedRecord = { ok: true; mode: "structured" | "binary"; event: Record<string, unknown> } | { ok: false; reason: string };

const STRUCTURED = "application/cloudevents+json";
const CE_PREFIX = "ce_";

function headerText(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/**
 * CloudEvents Kafka protocol binding, both content modes. Binary: attributes in `ce_*`
 * headers, data in the value, typed by the `content-type` header. Structured: the whole event
 * as JSON in the value, `content-type: application/cloudevents+json` (or no content-type).
 * Never throws: an undecodable record comes back with the reason, for the dead-letter table.
 */
export function decodeKafkaRecord(record: KafkaRecord): DecodedRecord {
  const headers = record.headers ?? {};
  const size = record.value?.length ?? 0;
  if (size > MAX_EVENT_BYTES) return { ok: false, reason: `record value is ${size} bytes; the limit is ${MAX_EVENT_BYTES}` };
  const contentType = headerText(headers["content-type"]);
  const type = mediaType(contentType);

  if (headerText(headers[`${CE_PREFIX}specversion`]) !== undefined) {
    const attributes: [string, string][] = [];
    for (const [name, value] of Object.entries(headers)) {
      const text = headerText(value);
      if (name.startsWith(CE_PREFIX) && text !== undefined) attributes.push([name.slice(CE_PREFIX.length), text]);
    }
    const decoded = binaryModeEvent(attributes, contentType, record.value);
    return decoded.ok ? { ok: true, mode: "binary", event: decoded.event } : decoded;
  }

  if (type !== "" && type !== STRUCTURED) {
    return { ok: false, reason: `unsupported content-type "${contentType}": send ${STRUCTURED} (structured mode) or ce_* headers (binary mode)` };
  }
  if (record.value === null || record.value.length === 0) return { ok: false, reason: "record has no value and no ce_specversion header" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.value.toString("utf8"));
  } catch (error) {
    return { ok: false, reason: `value is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { ok: false, reason: "structured-mode value must be one JSON object" };
  return { ok: true, mode: "structured", event: parsed as Record<string, unknown> };
}
