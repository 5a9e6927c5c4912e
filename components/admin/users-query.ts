import { getJson } from "@/components/ui/api-client";
import type { UserHistoryEntry } from "@/lib/users/user-history";
import type { UserView } from "@/lib/users/user-view";

export const usersKey = ["admin", "users"] as const;
export const userHistoryKey = (id: string) => ["admin", "users", id, "history"] as const;

export const fetchUsers = async () => (await getJson<{ users: UserView[] }>("/api/v1/admin/users")).users;
export const fetchUserHistory = async (id: string) => (await getJson<{ entries: UserHistoryEntry[] }>(`/api/v1/admin/users/${encodeURIComponent(id)}/history`)).entries;
