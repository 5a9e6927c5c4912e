import "server-only";
import { randomUUID } from "node:crypto";
import { badRequest, unsupportedMediaType } from "../lib/http/errors";
import { problemResponse } from "../lib/http/problem";
import { getRuntime } from "../lib/runtime";
import { mediaType } from "./decode/binary-mode";
import { UndecodableTraces, decodeOtlpTraces } from "./decode/otlp-traces";
import { deadLetter, readIngestBody, requireIngestToken, storeEvents } from "./http-ingest";

// OTLP's errorMessage is for a human reading exporter logs; the full list is in dead_letters.
const REASONS_IN_ANSWER = 5;

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
    requireIngestToken(request, runtime);
    const type = mediaType(request.headers.get("content-type"));
    if (type !== "application/json") {
      throw unsupportedMediaType(
        `OTLP/HTTP is accepted in the JSON encoding only (Content-Type: application/json); got "${type || "none"}". Set the exporter's protocol to http/json.`,
      );
    }
    const text = (await readIngestBody(request)).toString("utf8");
    const ctx = { channel: "otlp" as const, requestId };
    let decoded;
    try {
      decoded = decodeOtlpTraces(text, runtime.config.otlpAttributeMap);
    } catch (error) {
      if (!(error instanceof UndecodableTraces)) throw error;
      await deadLetter(runtime, text, error.message, ctx);
      throw badRequest(error.message);
    }

    const result = await storeEvents(runtime, decoded.events, ctx);
    // Only once the valid spans are stored, since a request refused with 429/503 comes back whole.
    // A failed write here is not answered 503: the valid spans are in, a resend would only
    // duplicate them, and the answer reports the rejected spans either way.
    await Promise.all(decoded.rejected.map((r) => runtime.ingest.deadLetter(r.raw, r.reason, ctx, r.id))).catch((error: unknown) => {
      console.error(`[lotline] otlp ${requestId} could not dead-letter ${decoded.rejected.length} rejected spans`, error);
    });

    const reasons = [...decoded.rejected.map((r) => r.reason), ...result.rejected.map((r) => `${decoded.paths[r.index]!}: ${r.reason}`)];
    if (reasons.length === 0) return Response.json({}, { headers: { "X-Request-Id": requestId } });
    const more = reasons.length > REASONS_IN_ANSWER ? `; and ${reasons.length - REASONS_IN_ANSWER} more (request ${requestId} in dead letters)` : "";
    return Response.json(
      { partialSuccess: { rejectedSpans: reasons.length, errorMessage: reasons.slice(0, REASONS_IN_ANSWER).join("; ") + more } },
      { headers: { "X-Request-Id": requestId } },
    );
  } catch (error) {
    const response = problemResponse(error, instance);
    response.headers.set("X-Request-Id", requestId);
    return response;
  }
}
