import { handleMetricsRequest } from "@/lib/metrics-endpoint";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleMetricsRequest(request, getRuntime);
