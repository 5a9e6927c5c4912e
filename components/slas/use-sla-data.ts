"use client";

import { useQuery } from "@tanstack/react-query";
import { getJson } from "@/components/ui/api-client";
import type { LotExceptionsPayload, SlaSummaryPayload, SlaTrendPayload, WorklistPayload } from "@/lib/slas/sla-views";

/** The evaluator runs about every 15 s; polling faster would only re-read the same verdicts. */
const REFRESH_MS = 15_000;

function usePolled<T extends { generatedAt: string }>(key: string, url: string, initial: T): { data: T; isError: boolean } {
  const q = useQuery({ queryKey: [key, url], queryFn: () => getJson<T>(url), initialData: initial, initialDataUpdatedAt: Date.parse(initial.generatedAt), staleTime: REFRESH_MS, refetchInterval: REFRESH_MS });
  return { data: q.data ?? initial, isError: q.isError };
}

export const useSlaSummary = (query: string, initial: SlaSummaryPayload) => usePolled("sla-summary", `/api/v1/slas/summary?${query}`, initial);
export const useSlaDaily = (query: string, initial: SlaTrendPayload) => usePolled("sla-daily", `/api/v1/slas/daily?${query}`, initial);
export const useInstances = (query: string, initial: WorklistPayload) => usePolled("instances", `/api/v1/instances?${query}`, initial);
export const useLotExceptions = (initial: LotExceptionsPayload) => usePolled("lot-exceptions", "/api/v1/lot-exceptions", initial);
