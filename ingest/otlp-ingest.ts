import "server-only";
import { randomUUID } from "node:crypto";
import { bearerMatches } from "../lib/http/bearer";
import { badRequest, payloadTooLarge, serviceUnavailable, tooManyRequests, unauthorized, unsupportedMediaType } from "../lib/http/errors";
import { problemResponse } from "../lib/http/problem";
import { getRuntime } from "../lib/runtime";
import { MAX_BODY_BYTES } from "./decode/http-cloudevents";
import { mediaType } from "./decode/binary-mode";
import { decodeOtlpTraces } from "./decode/otlp-traces";
import { IngestOverloaded } from "./service";

/**
 * POST /v1/traces: OTLP/HTTP traces in the JSON encoding, authenticated with the ingest bearer
 * token. Spans become telemetry events; invalid spans are dead-lettered and reported as an
 * OTLP partial success.
 */
export async function handleOtlpTracesRequest(request: Request): Promise<Response> {
  const requestId = randomUUID();
  const instance = new URL(request.url).pathname;
  try {
    const runtime = await getRuntime();
    if (!bearerMatches(request.headers.get("authorization"), runtime.config.ingest.token)) throw unauthorized("A valid ingest bearer token is required");
    const type = mediaType(request.headers.get("content-type"));
    if (type !== "application/json") {
      throw unsupportedMediaType(`OTLP/HTTP is accepted in the JSON encoding (Content-Type: application/json); got "${type || "none"}". Set the exporter's protocol to http/json.`);
    }
    const text = await request.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw payloadTooLarge(`the body exceeds ${MAX_BODY_BYTES} bytes`);
    const ctx = { channel: "otlp" as const, requestId };
    let decoded;
    try {
      decoded = decodeOtlpTraces(JSON.parse(text), runtime.config.otlpAttributeMap);
    } catch (error) {
      const reason = error instanceof SyntaxError ? `body is not valid JSON: ${error.message}` : (error as Error).message;
      await runtime.ingest.deadLetter(text, reason, ctx);
      throw badRequest(reason);
    }
    let result;
    try {
      result = await runtime.ingest.ingest(decoded.events, ctx);
    } catch (error) {
      if (error instanceof IngestOverloaded) throw tooManyRequests("ingest is at capacity; nothing was kept from this request, retry it");
      throw serviceUnavailable("spans could not be stored right now; nothing was kept from this request, retry it");
    }
    for (const r of decoded.rejected) await runtime.ingest.deadLetter(JSON.stringify(r.span), r.reason, ctx);
    const rejected = decoded.rejected.length + result.rejected.length;
    const reasons = [...decoded.rejected.map((r) => r.reason), ...result.rejected.map((r) => `${r.id ?? `span ${r.index}`}: ${r.reason}`)];
    const body = rejected === 0 ? {} : { partialSuccess: { rejectedSpans: rejected, errorMessage: reasons.slice(0, 5).join("; ") } };
    return Response.json(body, { status: 200, headers: { "X-Request-Id": requestId } });
  } catch (error) {
    const response = problemResponse(error, instance);
    response.headers.set("X-Request-Id", requestId);
    return response;
  }
}
