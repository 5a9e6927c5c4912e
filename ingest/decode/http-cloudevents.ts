import { HttpError, badRequest, unsupportedMediaType } from "../../lib/http/errors";

export const STRUCTURED_TYPE = "application/cloudevents+json";
export const BATCH_TYPE = "application/cloudevents-batch+json";
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface DecodedBody {
  mode: "structured" | "batch";
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

/** CloudEvents 1.0 HTTP binding, structured and batch content modes. */
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
