"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { GroupDetail } from "@/lib/exceptions/group-detail";
import type { InboxPage } from "@/lib/exceptions/inbox-query";
import type { SavedView } from "@/lib/exceptions/saved-views";
import { sendJson } from "@/components/ui/api-client";

/** The job runs about every 10 s; polling faster would re-read the same groups. */
const REFRESH_MS = 10_000;

export { ApiProblem } from "@/components/ui/api-client";

const call = <T>(url: string) => sendJson<T>(url, "GET");
export const postJson = <T>(url: string, body: unknown) => sendJson<T>(url, "POST", body);
export const deleteJson = (url: string) => sendJson<void>(url, "DELETE");

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
