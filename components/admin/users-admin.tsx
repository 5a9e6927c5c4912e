"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { FormAlert, inputClass, primaryButton, secondaryButton } from "@/components/definitions/form-controls";
import { EmptyState, Panel } from "@/components/ui/panel";
import { SortHeader } from "@/components/ui/sort-header";
import { ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/roles";
import type { PasswordLink } from "@/lib/users/password-links";
import type { UserStatus, UserView } from "@/lib/users/user-view";
import { formatAgo, formatUtc } from "@/lib/ui/format";
import { nextSort, sortRows, type SortState } from "@/lib/ui/sort";
import { statusLabel } from "@/lib/ui/status-labels";
import { CreateUserForm } from "./create-user-form";
import { OneTimeLinkNotice } from "./one-time-link";
import { UserPanel } from "./user-panel";
import { UserStatusBadge } from "./user-status-badge";
import { fetchUsers, usersKey } from "./users-query";

type Row = UserView & { nameText: string; roleText: string; plantsText: string; lastLogin: string };
type Key = "email" | "nameText" | "roleText" | "plantsText" | "status" | "lastLogin" | "createdAt";

const NEW = "new";
const STATUSES: UserStatus[] = ["active", "awaiting_password", "disabled"];

/**
 * The users table with its filters, the invite form and one user's panel. `?user=<id>` opens a
 * user's panel (a link of its own), `?user=new` the invite form. A set-password link lives only
 * in this component's state: it is shown once.
 */
export function UsersAdmin({ initial, actorId, generatedAt }: { initial: UserView[]; actorId: string; generatedAt: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const users = useQuery({ queryKey: usersKey, queryFn: fetchUsers, initialData: initial, initialDataUpdatedAt: Date.parse(generatedAt), staleTime: 10_000 });
  const [sort, setSort] = useState<SortState<Key>>({ key: "email", direction: "asc" });
  const [text, setText] = useState("");
  const [role, setRole] = useState<"" | RoleName>("");
  const [status, setStatus] = useState<"" | UserStatus>("");
  const [issued, setIssued] = useState<{ email: string; link: PasswordLink } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [panelNotice, setPanelNotice] = useState<string | null>(null);

  const selected = params.get("user");
  const open = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id === null) next.delete("user");
    else next.set("user", id);
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    setNotice(null);
    setPanelNotice(null);
  };

  const all = users.data;
  const now = users.dataUpdatedAt;
  const rows: Row[] = all.map((u) => ({
    ...u,
    nameText: u.name ?? "",
    roleText: ROLE_LABELS[u.role],
    plantsText: u.role === "plant_manager" ? u.plants.join(", ") : "",
    // Never signed in sorts before any date.
    lastLogin: u.lastLoginAt ?? "",
  }));
  const needle = text.trim().toLowerCase();
  const shown = sortRows(
    rows.filter((r) => (role === "" || r.role === role) && (status === "" || r.status === status) && (needle === "" || `${r.email} ${r.nameText} ${r.plantsText}`.toLowerCase().includes(needle))),
    sort,
  );
  const selectedUser = selected && selected !== NEW ? all.find((u) => u.id === selected) : undefined;
  const onSort = (key: Key) => setSort((s) => nextSort(s, key, key === "lastLogin" || key === "createdAt" ? "desc" : "asc"));
  const header = (label: string, column: Key) => <SortHeader label={label} column={column} sort={sort} onSort={onSort} />;
  const disabledCount = all.filter((u) => u.disabled).length;

  return (
    <div className="space-y-6">
      {issued && <OneTimeLinkNotice email={issued.email} link={issued.link} onDone={() => setIssued(null)} />}
      {selectedUser && (
        <UserPanel
          key={`${selectedUser.id}-${selectedUser.revision}`}
          user={selectedUser}
          self={selectedUser.id === actorId}
          now={now}
          notice={panelNotice}
          onNotice={setPanelNotice}
          onLink={(email, link) => setIssued({ email, link })}
          onClose={() => open(null)}
        />
      )}
      {selected && selected !== NEW && !selectedUser && <FormAlert tone="warning">No user with id {selected}: they may have been removed. Pick one from the table.</FormAlert>}
      <Panel
        title="Users"
        subtitle={`${all.length} ${all.length === 1 ? "user" : "users"}${disabledCount > 0 ? `, ${disabledCount} disabled` : ""}${users.isFetching ? " · refreshing…" : ""}`}
        actions={
          selected !== NEW && (
            <button type="button" className={primaryButton} onClick={() => open(NEW)}>
              Invite user
            </button>
          )
        }
      >
        <div className="space-y-4">
          {notice && <FormAlert tone="success">{notice}</FormAlert>}
          {users.isError && <FormAlert tone="error">Could not refresh: {users.error.message}. Showing the users last loaded.</FormAlert>}
          {selected === NEW && (
            <CreateUserForm
              onCancel={() => open(null)}
              onCreated={({ user, setPasswordLink }) => {
                if (setPasswordLink) setIssued({ email: user.email, link: setPasswordLink });
                open(null);
                setNotice(`Created ${user.email} as ${ROLE_LABELS[user.role]}.`);
              }}
            />
          )}
          <div className="flex flex-wrap items-end gap-2" data-testid="user-filters">
            <label className="text-xs text-slate-600">
              Filter
              <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="email, name or plant" className={`${inputClass} mt-0.5 w-64 max-w-full`} />
            </label>
            <label className="text-xs text-slate-600">
              Role
              <select value={role} onChange={(e) => setRole(e.target.value as typeof role)} className={`${inputClass} mt-0.5 w-44`}>
                <option value="">any</option>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-xs text-slate-600">
              Status
              <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)} className={`${inputClass} mt-0.5 w-44`}>
                <option value="">any</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {statusLabel(s)}
                  </option>
                ))}
              </select>
            </label>
            <span className="pb-1.5 text-xs text-slate-600">
              {shown.length} of {all.length}
            </span>
          </div>
          {shown.length === 0 ? (
            <EmptyState title="No user matches the filter" />
          ) : (
            <>
              <p className="text-xs text-slate-500 md:hidden">Swipe the table sideways for more columns.</p>
              {/* relative: the containing block of the sr-only header, which would otherwise widen the page from beyond the scroll box. */}
              <div className="relative overflow-x-auto rounded-lg border border-slate-100" data-testid="users-table-scroll">
                <table className="w-full text-sm" data-testid="users-table">
                  <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
                    <tr>
                      {header("Email", "email")}
                      {header("Name", "nameText")}
                      {header("Role", "roleText")}
                      {header("Plants", "plantsText")}
                      {header("Status", "status")}
                      {header("Last sign-in", "lastLogin")}
                      {header("Created", "createdAt")}
                      <th className="px-3 py-2">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {shown.map((u) => (
                      <tr key={u.id} data-testid="user-row" data-email={u.email} aria-current={selectedUser?.id === u.id ? "true" : undefined} className="align-top hover:bg-slate-50 aria-[current=true]:bg-indigo-50">
                        <td className="px-3 py-2">
                          <a
                            href={`${pathname}?user=${encodeURIComponent(u.id)}`}
                            onClick={(e) => {
                              e.preventDefault();
                              open(u.id);
                            }}
                            className="whitespace-nowrap font-medium text-indigo-700 hover:underline"
                          >
                            {u.email}
                          </a>
                          {u.id === actorId && <span className="ml-1 text-xs text-slate-500">(you)</span>}
                        </td>
                        <td className="px-3 py-2">{u.name ?? <span className="text-slate-500">—</span>}</td>
                        <td className="whitespace-nowrap px-3 py-2">{u.roleText}</td>
                        <td className="px-3 py-2">{u.role === "plant_manager" ? u.plantsText : <span className="text-slate-500">all</span>}</td>
                        <td className="px-3 py-2">
                          <UserStatusBadge user={u} />
                        </td>
                        <td className="whitespace-nowrap px-3 py-2 text-xs" title={u.lastLoginAt ? formatUtc(u.lastLoginAt) : undefined}>
                          {u.lastLoginAt ? formatAgo(u.lastLoginAt, now) : <span className="text-slate-500">never</span>}
                        </td>
                        <td className="whitespace-nowrap px-3 py-2 text-xs">{formatUtc(u.createdAt)}</td>
                        <td className="px-3 py-2 text-right">
                          <button type="button" className={secondaryButton} onClick={() => open(u.id)} aria-label={`Manage ${u.email}`}>
                            Manage
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      </Panel>
    </div>
  );
}
