import { HttpError, badRequest, unsupportedMediaType } from "../../lib/http/errors";
import { mediaType } from "../../lib/events/media-type";
import { binaryModeEvent } from "./binary-mode";

export const STRUCTURED_TYPE = "application/cloudevents+json";
export const BATCH_TYPE = "application/cloudevents-batch+json";
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface DecodedBody {
  mode: "structured" | "batch" | "binary";
  events: unknown[];
}

/** Input that cannot become events at all; the route dead-letters `raw`, the input as received, with this reason. */
export class UndecodableBody extends HttpError {
  constructor(
    reason: string,
    readonly raw: string,
  ) {
    super(400, "Bad Request", reason);
  }
}

const CE_HEADER = "ce-";

// The HTTP binding percent-encodes header values outside printable ASCII. A sender that left a
// bare "%" unencoded meant the literal text, which is kept rather than losing the event.
function headerValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * CloudEvents 1.0 HTTP binding in all three content modes. A CloudEvents media type selects
 * structured or batch mode even if `ce-*` headers are present (the binding's rule); otherwise a
 * `ce-specversion` header selects binary mode: attributes in `ce-*` headers, data in the body.
 */
export function decodeCloudEventsRequest(headers: Headers, body: Buffer): DecodedBody {
  const type = mediaType(headers.get("content-type"));
  if (type === STRUCTURED_TYPE || type === BATCH_TYPE || !headers.has(`${CE_HEADER}specversion`)) {
    return decodeCloudEventsBody(headers.get("content-type"), body.toString("utf8"));
  }
  const attributes: [string, string][] = [];
  headers.forEach((value, name) => {
    if (name.startsWith(CE_HEADER)) attributes.push([name.slice(CE_HEADER.length), headerValue(value)]);
  });
  const contentType = headers.get("content-type") ?? undefined;
  const decoded = binaryModeEvent(attributes, contentType, body);
  if (!decoded.ok) {
    // The attributes are half of a binary-mode event: the dead letter keeps them with the body.
    const head = [...attributes.map(([name, value]) => `${CE_HEADER}${name}: ${value}`), ...(contentType ? [`content-type: ${contentType}`] : [])];
    throw new UndecodableBody(decoded.reason, `${head.join("\n")}\n\n${body.toString("utf8")}`);
  }
  return { mode: "binary", events: [decoded.event] };
}

/** Structured and batch content modes. */
export function decodeCloudEventsBody(contentType: string | null, body: string): DecodedBody {
  const type = mediaType(contentType);
  if (type !== STRUCTURED_TYPE && type !== BATCH_TYPE) {
    throw unsupportedMediaType(
      `Content-Type must be ${STRUCTURED_TYPE} (one event) or ${BATCH_TYPE} (a JSON array of events), or send binary mode: attributes in ce-* headers, ce-specversion among them`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new UndecodableBody(`body is not valid JSON: ${(error as Error).message}`, body);
  }
  if (type === BATCH_TYPE) {
    if (!Array.isArray(parsed)) throw new UndecodableBody(`a ${BATCH_TYPE} body must be a JSON array`, body);
    if (parsed.length === 0) throw badRequest("the batch is empty");
    return { mode: "batch", events: parsed };
  }
  if (Array.isArray(parsed)) throw new UndecodableBody(`a ${STRUCTURED_TYPE} body holds one event; send arrays as ${BATCH_TYPE}`, body);
  return { mode: "structured", events: [parsed] };
}
