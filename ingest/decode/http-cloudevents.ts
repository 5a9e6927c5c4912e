import { HttpError, badRequest, unsupportedMediaType } from "../../lib/http/errors";
import { binaryModeEvent } from "./binary-mode";

export const STRUCTURED_TYPE = "application/cloudevents+json";
export const BATCH_TYPE = "application/cloudevents-batch+json";
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface DecodedBody {
  mode: "structured" | "batch" | "binary";
  events: unknown[];
}

/** A body that cannot become events at all; the route dead-letters the raw text with this reason. */
export class UndecodableBody extends HttpError {
  constructor(reason: string) {
    super(400, "Bad Request", reason);
  }
}

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

const CE_HEADER = "ce-";

/**
 * CloudEvents 1.0 HTTP binding in all three content modes: binary when a `ce-specversion`
 * header is present (attributes in `ce-*` headers, data in the body), otherwise structured or
 * batch by Content-Type.
 */
export function decodeCloudEventsRequest(headers: Headers, body: Buffer): DecodedBody {
  if (headers.has(`${CE_HEADER}specversion`)) {
    const attributes: [string, string][] = [];
    headers.forEach((value, name) => {
      if (name.startsWith(CE_HEADER)) attributes.push([name.slice(CE_HEADER.length), value]);
    });
    const decoded = binaryModeEvent(attributes, headers.get("content-type") ?? undefined, body);
    if (!decoded.ok) throw new UndecodableBody(decoded.reason);
    return { mode: "binary", events: [decoded.event] };
  }
  return decodeCloudEventsBody(headers.get("content-type"), body.toString("utf8"));
}

/** Structured and batch content modes. */
export function decodeCloudEventsBody(contentType: string | null, body: string): DecodedBody {
  const type = mediaType(contentType);
  if (type !== STRUCTURED_TYPE && type !== BATCH_TYPE) {
    throw unsupportedMediaType(`Content-Type must be ${STRUCTURED_TYPE} (one event) or ${BATCH_TYPE} (a JSON array of events)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new UndecodableBody(`body is not valid JSON: ${(error as Error).message}`);
  }
  if (type === BATCH_TYPE) {
    if (!Array.isArray(parsed)) throw new UndecodableBody(`a ${BATCH_TYPE} body must be a JSON array`);
    if (parsed.length === 0) throw badRequest("the batch is empty");
    return { mode: "batch", events: parsed };
  }
  if (Array.isArray(parsed)) throw new UndecodableBody(`a ${STRUCTURED_TYPE} body holds one event; send arrays as ${BATCH_TYPE}`);
  return { mode: "structured", events: [parsed] };
}
