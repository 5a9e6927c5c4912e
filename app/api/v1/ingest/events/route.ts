import { handleIngestRequest } from "@/ingest/http-ingest";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleIngestRequest(request);
}
