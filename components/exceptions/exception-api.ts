"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { GroupDetail } from "@/lib/exceptions/group-detail";
import type { InboxPage } from "@/lib/exceptions/inbox-query";
import type { SavedView } from "@/lib/exceptions/saved-views";

/** The job runs about every 10 s; polling faster would re-read the same groups. */
const REFRESH_MS = 10_000;

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: { detail?: string; current?: { state: string; changedBy: string; changedAt: string; version: number } },
  ) {
    super(body.detail ?? `the server answered ${status}`);
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { cache: "no-store", ...init, headers: { "content-type": "application/json", ...(init?.headers ?? {}) } });
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiProblem(response.status, body as ApiProblem["body"]);
  return body as T;
}

export const postJson = <T>(url: string, body: unknown) => call<T>(url, { method: "POST", body: JSON.stringify(body) });
export const deleteJson = (url: string) => call<void>(url, { method: "DELETE" });

export function useInbox(query: string, initial: InboxPage) {
  return useInfiniteQuery({
    queryKey: ["exceptions", query],
    queryFn: ({ pageParam }) => call<InboxPage>(`/api/v1/exceptions?${query}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: { pages: [initial], pageParams: [""] },
    refetchInterval: REFRESH_MS,
  });
}

export function useGroupDetail(id: string, initial: GroupDetail) {
  return useQuery({ queryKey: ["exception-group", id], queryFn: () => call<GroupDetail>(`/api/v1/exceptions/groups/${id}?limit=50`), initialData: initial, refetchInterval: REFRESH_MS });
}

export function useSavedViews() {
  return useQuery({ queryKey: ["exception-views"], queryFn: async () => (await call<{ views: SavedView[] }>("/api/v1/exceptions/views")).views });
}
