import { handleMetricsRequest } from "@/lib/metrics-endpoint";

export const dynamic = "force-dynamic";

export const GET = handleMetricsRequest;
