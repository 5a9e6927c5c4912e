import "server-only";
import { randomUUID } from "node:crypto";
import { badRequest, unsupportedMediaType } from "../lib/http/errors";
import { problemResponse } from "../lib/http/problem";
import { getRuntime } from "../server/runtime";
import { mediaType } from "../lib/events/media-type";
import { decodeOtlpProtobuf, encodeExportResponse, encodeRpcStatus } from "./decode/otlp-protobuf";
import { UndecodableTraces, decodeOtlpTraces, mapOtlpTraces, type OtlpDecoded } from "./decode/otlp-traces";
import { deadLetter, readIngestBody, requireIngestToken, storeEvents } from "./http-ingest";

// OTLP's errorMessage is for a human reading exporter logs; the full list is in dead_letters.
const REASONS_IN_ANSWER = 5;

type Encoding = "json" | "protobuf";
const PROTOBUF = "application/x-protobuf";
const ENCODINGS: Partial<Record<string, Encoding>> = { "application/json": "json", [PROTOBUF]: "protobuf" };

/** Answers in the encoding of the request, as OTLP/HTTP requires. */
function exportResponse(encoding: Encoding, requestId: string, partialSuccess?: { rejectedSpans: number; errorMessage: string }): Response {
  const headers = { "X-Request-Id": requestId };
  if (encoding === "json") return Response.json(partialSuccess ? { partialSuccess } : {}, { headers });
  return new Response(new Uint8Array(encodeExportResponse(partialSuccess)), { headers: { ...headers, "Content-Type": PROTOBUF } });
}

/**
 * Failures as problem+json, except to a protobuf request, which OTLP/HTTP answers with a
 * protobuf google.rpc.Status: same status and headers (Retry-After, WWW-Authenticate), the
 * detail as its message.
 */
async function failureResponse(error: unknown, instance: string, encoding: Encoding | undefined, requestId: string): Promise<Response> {
  const problem = problemResponse(error, instance);
  problem.headers.set("X-Request-Id", requestId);
  if (encoding !== "protobuf") return problem;
  const { detail } = (await problem.json()) as { detail: string };
  const headers = new Headers(problem.headers);
  headers.set("Content-Type", PROTOBUF);
  return new Response(new Uint8Array(encodeRpcStatus(detail)), { status: problem.status, headers });
}

/**
 * POST /v1/traces: OTLP/HTTP traces in the protobuf or the JSON encoding, authenticated with
 * the ingest bearer token. Spans become telemetry events through one mapping whichever the
 * encoding; invalid spans are dead-lettered and reported as an OTLP partial success.
 */
export async function handleOtlpTracesRequest(request: Request): Promise<Response> {
  const requestId = randomUUID();
  const instance = new URL(request.url).pathname;
  const type = mediaType(request.headers.get("content-type"));
  const encoding = ENCODINGS[type];
  try {
    const runtime = await getRuntime();
    requireIngestToken(request, runtime);
    if (!encoding) {
      throw unsupportedMediaType(`OTLP/HTTP is accepted as ${PROTOBUF} (http/protobuf) or application/json (http/json); got "${type || "none"}"`);
    }
    const body = await readIngestBody(request);
    const ctx = { channel: "otlp" as const, requestId };
    let decoded: OtlpDecoded;
    try {
      decoded =
        encoding === "json"
          ? decodeOtlpTraces(body.toString("utf8"), runtime.config.otlpAttributeMap)
          : mapOtlpTraces(decodeOtlpProtobuf(body), runtime.config.otlpAttributeMap);
    } catch (error) {
      if (!(error instanceof UndecodableTraces)) throw error;
      // dead_letters holds text: a protobuf body is kept as base64.
      await deadLetter(runtime, encoding === "json" ? body.toString("utf8") : body.toString("base64"), error.message, ctx);
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
    if (reasons.length === 0) return exportResponse(encoding, requestId);
    const more = reasons.length > REASONS_IN_ANSWER ? `; and ${reasons.length - REASONS_IN_ANSWER} more (request ${requestId} in dead letters)` : "";
    return exportResponse(encoding, requestId, { rejectedSpans: reasons.length, errorMessage: reasons.slice(0, REASONS_IN_ANSWER).join("; ") + more });
  } catch (error) {
    return failureResponse(error, instance, encoding, requestId);
  }
}
