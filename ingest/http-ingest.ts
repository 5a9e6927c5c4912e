import "server-only";
import { randomUUID } from "node:crypto";
import { bearerMatches } from "../lib/http/bearer";
import { getRuntime } from "../lib/runtime";
import { HttpError, payloadTooLarge, serviceUnavailable, tooManyRequests, unauthorized } from "../lib/http/errors";
import { problemResponse } from "../lib/http/problem";
import { MAX_BODY_BYTES, UndecodableBody, decodeCloudEventsRequest } from "./decode/http-cloudevents";
import { IngestOverloaded } from "./service";

/** POST /api/v1/ingest/events: CloudEvents 1.0 over HTTP (binary, structured or batch mode), bearer-token authenticated. */
export async function handleIngestRequest(request: Request): Promise<Response> {
  const requestId = randomUUID();
  const instance = new URL(request.url).pathname;
  const withId = (response: Response) => {
    response.headers.set("X-Request-Id", requestId);
    return response;
  };
  try {
    const runtime = await getRuntime();
    if (!runtime.config.ingest.token) throw unauthorized("The ingest API is disabled: set LOTLINE_INGEST_TOKEN");
    if (!bearerMatches(request.headers.get("authorization"), runtime.config.ingest.token)) throw unauthorized("A valid ingest bearer token is required");

    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_BODY_BYTES) throw payloadTooLarge(`the body is ${declared} bytes; the limit is ${MAX_BODY_BYTES}`);
    const body = Buffer.from(await request.arrayBuffer());
    if (body.length > MAX_BODY_BYTES) throw payloadTooLarge(`the body exceeds ${MAX_BODY_BYTES} bytes`);

    const ctx = { channel: "http" as const, requestId };
    let decoded;
    try {
      decoded = decodeCloudEventsRequest(request.headers, body);
    } catch (error) {
      if (error instanceof UndecodableBody) await runtime.ingest.deadLetter(body.toString("utf8"), error.message, ctx);
      throw error;
    }

    let result;
    try {
      result = await runtime.ingest.ingest(decoded.events, ctx);
    } catch (error) {
      if (error instanceof IngestOverloaded) throw tooManyRequests(`ingest is at capacity (${error.pendingRows} events waiting to be written); nothing was kept from this request, retry it`);
      console.error(`[lotline] ingest ${requestId} failed to write`, error);
      throw serviceUnavailable("events could not be stored right now; nothing was kept from this request, retry it");
    }

    if (result.rejected.length > 0) {
      const first = result.rejected[0]!;
      const detail =
        result.rejected.length === 1
          ? `event ${first.index}${first.id ? ` (id ${first.id})` : ""} is invalid: ${first.reason}`
          : `${result.rejected.length} events are invalid; the first, event ${first.index}${first.id ? ` (id ${first.id})` : ""}: ${first.reason}`;
      return withId(
        problemResponse(
          new HttpError(400, "Invalid CloudEvents", detail, {
            requestId,
            accepted: result.accepted,
            rejected: result.rejected.length,
            errors: result.rejected,
          }),
          instance,
        ),
      );
    }
    return withId(Response.json({ requestId, accepted: result.accepted, mode: decoded.mode }, { status: 202 }));
  } catch (error) {
    return withId(problemResponse(error, instance));
  }
}
