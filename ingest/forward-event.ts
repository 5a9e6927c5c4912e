import { MAX_JSON_DEPTH } from "../lib/events/contract";
import { passesContractFast } from "../lib/events/contract-fast-check";
import { formatJsonPath, nestsWithin, pathBeyondDepth } from "../lib/events/json-nesting";
import { TOO_DEEP, parseCloudEvent, readableEventId } from "../lib/events/to-row";

/**
 * One event made ready for `events_ingest` (migration 0013): validated, and as the JSON text
 * ClickHouse maps into an `events` row. When the event arrived as bytes (a Kafka value) those
 * bytes are forwarded as they are, never parsed into a row and serialised again.
 */
export type ForwardedEvent =
  | { ok: true; id: string; line: ForwardLine; /** Event time (or now), epoch ms, for the freshness metric. */ timeMs: number }
  | { ok: false; id: string | null; reason: string };

/** One event's JSON: text, bytes, or the worker's fields and the rest of the received bytes (joined only into the insert's body). */
export type ForwardLine = string | Buffer | readonly [string, Buffer];

export interface ForwardOptions {
  /** The event's bytes as received, when it arrived as one JSON object. */
  bytes?: Buffer;
  /** `events.origin` (Kafka only): a JSON object's text. */
  origin?: string;
  /** For channels that did not measure the event's size as received. */
  maxBytes?: number;
}

const LEFT_BRACE = 0x7b;

/**
 * The payload column's text when reading `data` as JSONEachRow would get it wrong: a string is
 * read unquoted, null as empty. Objects and arrays are read as their JSON text, which is what the
 * row path stored (JSON.stringify of the same value, up to insignificant whitespace).
 */
function payloadOverride(event: Record<string, unknown>): string | undefined {
  if (event.data_base64 !== undefined) return JSON.stringify({ data_base64: event.data_base64 });
  const data = event.data;
  if (data === undefined || (typeof data === "object" && data !== null)) return undefined;
  return JSON.stringify(data);
}

/** Puts the worker's own fields first in the object, without touching the rest of its bytes. */
function injectFields(body: Buffer, fields: string): ForwardLine {
  if (fields === "") return body;
  let start = 0;
  while (body[start] !== LEFT_BRACE) start++;
  return [`{${fields},`, body.subarray(start + 1)];
}

export function forwardEvent(raw: unknown, options: ForwardOptions = {}): ForwardedEvent {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, id: null, reason: "event must be a JSON object" };
  const event = raw as Record<string, unknown>;
  if (!nestsWithin(event, MAX_JSON_DEPTH)) {
    const tooDeep = pathBeyondDepth(event, MAX_JSON_DEPTH)!;
    return { ok: false, id: readableEventId(event), reason: `${formatJsonPath(tooDeep.slice(0, 1))}: ${TOO_DEEP}` };
  }
  // Encoded once: its length is the size check, and the bytes go into the insert as they are.
  const bytes = options.bytes ?? Buffer.from(JSON.stringify(event));
  if (!options.bytes && options.maxBytes !== undefined && bytes.length > options.maxBytes) {
    return { ok: false, id: readableEventId(event), reason: `event is ${bytes.length} bytes; the limit is ${options.maxBytes}` };
  }
  if (!passesContractFast(event)) {
    // The schema decides and words the reason; an event the fast check was only unsure of goes on.
    const parsed = parseCloudEvent(event, new Date());
    if (!parsed.ok) return parsed;
  }
  const override = payloadOverride(event);
  let fields = "";
  // The origin is JSON already: as an object ClickHouse reads it into the String column as its text, no second escaping.
  if (options.origin !== undefined) fields = `"_origin":${options.origin}`;
  if (override !== undefined) fields += `${fields === "" ? "" : ","}"_payload":${JSON.stringify(override)}`;
  const time = event.time === undefined ? Number.NaN : Date.parse(event.time as string);
  return { ok: true, id: event.id as string, line: injectFields(bytes, fields), timeMs: Number.isFinite(time) ? time : Date.now() };
}
