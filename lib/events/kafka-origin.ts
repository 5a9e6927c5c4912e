import { isUtf8 } from "node:buffer";
import { z } from "zod";

/**
 * Where a Kafka-ingested event came from, as the `events.origin` column keeps it: the record's
 * place in the log, its key and its headers other than the CloudEvents binding's (`ce_*`,
 * `content-type`), so a replay can re-publish the message as it was. Bytes that are not UTF-8
 * are kept as base64. Events of other channels have no origin (the column stays empty).
 */
export interface KafkaOrigin {
  topic: string;
  partition: number;
  offset: number;
  /** Absent together with keyBase64: the record had no key. */
  key?: string;
  keyBase64?: string;
  /** The data's content type: binary mode's `content-type` header, structured mode's `datacontenttype`. */
  contentType?: string;
  headers: KafkaHeader[];
  /** What did not fit in MAX_ORIGIN_BYTES and is not kept: `key` and header names, in record order. */
  dropped?: string[];
}

export type KafkaHeader = { name: string; value: string } | { name: string; base64: string };

export interface StoredOrigin {
  kafka?: KafkaOrigin;
}

/** Key and header bytes kept per event; the rest is named in `dropped` rather than failing the event. */
export const MAX_ORIGIN_BYTES = 8 * 1024;
const MAX_DROPPED_NAMES = 20;

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

const CE_PREFIX = "ce_";
const CONTENT_TYPE = "content-type";

function byteLength(value: Buffer | string): number {
  return typeof value === "string" ? Buffer.byteLength(value) : value.length;
}

const quote = JSON.stringify;

// A batch is one partition's records: its topic and partition are quoted once, not per record.
let lastPlace = { topic: "", partition: -1, prefix: "" };
function placePrefix(topic: string, partition: number): string {
  if (lastPlace.topic !== topic || lastPlace.partition !== partition) lastPlace = { topic, partition, prefix: `{"kafka":{"topic":${quote(topic)},"partition":${partition},"offset":` };
  return lastPlace.prefix;
}

function drop(dropped: string[], name: string) {
  if (dropped.length < MAX_DROPPED_NAMES) dropped.push(name.slice(0, 100));
}

/** One header as its JSON; binary values that are not UTF-8 as base64. */
function headerJson(name: string, value: Buffer | string): string {
  if (typeof value === "string") return `{"name":${quote(name)},"value":${quote(value)}}`;
  return isUtf8(value) ? `{"name":${quote(name)},"value":${quote(value.toString("utf8"))}}` : `{"name":${quote(name)},"base64":"${value.toString("base64")}"}`;
}

/**
 * The origin of one decoded record, as the JSON the `origin` column stores (a StoredOrigin).
 * Runs once per ingested record on the ingest path, so it writes the JSON text directly rather
 * than building objects for JSON.stringify (cost measured in docs/replay.md).
 */
export function kafkaOriginJson(
  place: { topic: string; partition: number; offset: number },
  record: { key: Buffer | string | null; headers?: Record<string, HeaderValue> },
  mode: "structured" | "binary",
  datacontenttype: unknown,
): string {
  let out = `${placePrefix(place.topic, place.partition)}${place.offset}`;
  let budget = MAX_ORIGIN_BYTES;
  const dropped: string[] = [];
  const key = record.key;
  if (key !== null) {
    const size = byteLength(key);
    if (size > budget) drop(dropped, "key");
    else {
      budget -= size;
      if (typeof key === "string") out += `,"key":${quote(key)}`;
      else out += isUtf8(key) ? `,"key":${quote(key.toString("utf8"))}` : `,"keyBase64":"${key.toString("base64")}"`;
    }
  }
  // Structured mode's content-type header names the envelope; the data's type is datacontenttype.
  let contentType = mode === "structured" && typeof datacontenttype === "string" ? datacontenttype : undefined;
  let headers = "";
  const all = record.headers;
  for (const name in all) {
    const raw = all[name];
    if (raw === undefined || name.startsWith(CE_PREFIX)) continue;
    if (name === CONTENT_TYPE) {
      const first = Array.isArray(raw) ? raw[0] : raw;
      if (mode === "binary" && first !== undefined) contentType = first.toString("utf8");
      continue;
    }
    const values = Array.isArray(raw) ? raw : undefined;
    for (let i = 0, n = values ? values.length : 1; i < n; i++) {
      const value = values ? values[i]! : (raw as Buffer | string);
      // The cap is approximate for names outside ASCII: their length counts characters, not bytes.
      const size = name.length + byteLength(value);
      if (size > budget) {
        drop(dropped, name);
        continue;
      }
      budget -= size;
      headers += `${headers === "" ? "" : ","}${headerJson(name, value)}`;
    }
  }
  if (contentType !== undefined) out += `,"contentType":${quote(contentType)}`;
  out += `,"headers":[${headers}]`;
  if (dropped.length > 0) out += `,"dropped":${quote(dropped)}`;
  return `${out}}}`;
}

const headerSchema = z.union([z.object({ name: z.string(), value: z.string() }), z.object({ name: z.string(), base64: z.string() })]);
const storedOriginSchema = z.object({
  kafka: z
    .object({
      topic: z.string(),
      partition: z.number().int(),
      offset: z.number().int(),
      key: z.string().optional(),
      keyBase64: z.string().optional(),
      contentType: z.string().optional(),
      headers: z.array(headerSchema),
      dropped: z.array(z.string()).optional(),
    })
    .optional(),
});

/** The stored origin column read back; empty (HTTP, OTLP, simulator) or unreadable gives no origin. */
export function parseStoredOrigin(text: string): StoredOrigin {
  if (text === "") return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  const parsed = storedOriginSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

/** A header as the bytes or text to send again. */
export function headerBytes(h: KafkaHeader): Buffer | string {
  return "base64" in h ? Buffer.from(h.base64, "base64") : h.value;
}
