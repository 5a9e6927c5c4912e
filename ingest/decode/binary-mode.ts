import { isJsonMedia, mediaType } from "../../lib/events/media-type";

/**
 * CloudEvents binary content mode, shared by the HTTP (`ce-` headers) and Kafka (`ce_`
 * headers) bindings: attributes come from prefixed headers, data from the body, typed by its
 * content type. Never throws.
 */
export type BinaryDecoded = { ok: true; event: Record<string, unknown> } | { ok: false; reason: string };

// Extension values arrive as header strings; the contract types a few of them as integers.
const INTEGER_ATTRIBUTES = new Set(["durationms"]);

export function binaryModeEvent(attributes: Iterable<[string, string]>, contentType: string | undefined, body: Buffer | null): BinaryDecoded {
  const event: Record<string, unknown> = {};
  for (const [name, text] of attributes) {
    event[name] = INTEGER_ATTRIBUTES.has(name) && /^\d+$/.test(text) ? Number(text) : text;
  }
  if (contentType !== undefined) event.datacontenttype = contentType;
  if (body !== null && body.length > 0) {
    const type = mediaType(contentType);
    if (type === "" || isJsonMedia(type)) {
      try {
        event.data = JSON.parse(body.toString("utf8"));
      } catch (error) {
        return { ok: false, reason: `binary-mode data is not valid JSON: ${(error as Error).message}` };
      }
    } else {
      event.data_base64 = body.toString("base64");
    }
  }
  return { ok: true, event };
}
