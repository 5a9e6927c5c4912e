import { handleOtlpTracesRequest } from "@/ingest/otlp-ingest";

export const dynamic = "force-dynamic";

export const POST = handleOtlpTracesRequest;
