import "server-only";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { bearerMatches } from "../lib/http/bearer";
import { HttpError, badRequest, payloadTooLarge, serviceUnavailable, tooManyRequests, unauthorized, unsupportedMediaType } from "../lib/http/errors";
import { problemResponse } from "../lib/http/problem";
import { getRuntime, type Runtime } from "../server/runtime";
import { MAX_BODY_BYTES, UndecodableBody, decodeCloudEventsRequest } from "./decode/http-cloudevents";
import { IngestOverloaded, type IngestContext, type IngestResult } from "./service";

const gunzipAsync = promisify(gunzip);

/** Both HTTP ingest endpoints, CloudEvents and OTLP, take the same bearer token. */
export function requireIngestToken(request: Request, runtime: Runtime): void {
  if (!runtime.config.ingest.token) throw unauthorized("The ingest API is disabled: set LOTLINE_INGEST_TOKEN");
  if (!bearerMatches(request.headers.get("authorization"), runtime.config.ingest.token)) throw unauthorized("A valid ingest bearer token is required");
}

/**
 * The request body, at most MAX_BODY_BYTES before and after unzipping. Gzip is accepted because
 * OTLP exporters (the Collector's among them) compress by default.
 */
export async function readIngestBody(request: Request): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw payloadTooLarge(`the body is ${declared} bytes; the limit is ${MAX_BODY_BYTES}`);
  const body = Buffer.from(await request.arrayBuffer());
  if (body.length > MAX_BODY_BYTES) throw payloadTooLarge(`the body exceeds ${MAX_BODY_BYTES} bytes`);
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding === "identity") return body;
  if (encoding !== "gzip") throw unsupportedMediaType(`Content-Encoding "${encoding}" is not supported; send gzip or no encoding`);
  try {
    return await gunzipAsync(body, { maxOutputLength: MAX_BODY_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw payloadTooLarge(`the body unzips to more than ${MAX_BODY_BYTES} bytes`);
    throw badRequest(`the gzip body cannot be unzipped: ${(error as Error).message}`);
  }
}

/**
 * Hands decoded events to the shared ingest service, refusing what could only pile up in memory:
 * 429 when too many rows already wait for ClickHouse, 503 while ClickHouse is failing. Either way
 * nothing of the request is kept, so the client can resend all of it.
 */
export async function storeEvents(runtime: Runtime, events: readonly unknown[], ctx: IngestContext): Promise<IngestResult> {
  const { lastError, pendingRows } = runtime.ingest.stats();
  // Rows accepted now would only queue behind a failing write. With nothing pending, the request
  // goes through and its write is the probe that tells whether ClickHouse is back.
  if (lastError !== null && pendingRows > 0) {
    throw serviceUnavailable("ClickHouse is failing: the last write failed and another is being tried; nothing was kept from this request, retry it");
  }
  try {
    return await runtime.ingest.ingest(events, ctx);
  } catch (error) {
    if (error instanceof IngestOverloaded) {
      throw tooManyRequests(`ingest is at capacity (${error.pendingRows} events waiting to be written); nothing was kept from this request, retry it`);
    }
    console.error(`[lotline] ingest ${ctx.requestId} failed to write`, error);
    throw serviceUnavailable("events could not be stored right now; nothing was kept from this request, retry it");
  }
}

/**
 * Keeps refused input with its reason. When that write fails the client is asked to retry
 * rather than told its input was bad: otherwise the input would be refused without a trace.
 */
export async function deadLetter(runtime: Runtime, raw: string, reason: string, ctx: IngestContext): Promise<void> {
  try {
    await runtime.ingest.deadLetter(raw, reason, ctx);
  } catch (error) {
    console.error(`[lotline] ingest ${ctx.requestId} could not write a dead letter`, error);
    throw serviceUnavailable("the refused input could not be recorded right now; retry the request");
  }
}

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
    requireIngestToken(request, runtime);
    const body = await readIngestBody(request);

    const ctx = { channel: "http" as const, requestId };
    let decoded;
    try {
      decoded = decodeCloudEventsRequest(request.headers, body);
    } catch (error) {
      if (error instanceof UndecodableBody) await deadLetter(runtime, error.raw, error.message, ctx);
      throw error;
    }

    const result = await storeEvents(runtime, decoded.events, ctx);
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
