"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/alerts/badges";
import { ApiProblem, issuesAt, sendJson } from "@/components/ui/api-client";
import { Field, FormAlert, inputClass, primaryButton, secondaryButton } from "@/components/definitions/form-controls";
import { Panel } from "@/components/ui/panel";
import type { RoleName } from "@/lib/auth/roles";
import { userHistoryText } from "@/lib/users/history-text";
import type { PasswordLink } from "@/lib/users/password-links";
import type { UserView } from "@/lib/users/user-view";
import { formatUtc } from "@/lib/ui/format";
import { parsePlants, RoleAndPlants } from "./user-fields";
import { fetchUserHistory, userHistoryKey, usersKey } from "./users-query";
import { UserStatusBadge } from "./user-status-badge";

type Patch = { name?: string | null; role?: RoleName; plants?: string[]; disabled?: boolean };

/**
 * One user: their details, disable/enable, password reset and the audit trail of every change.
 * Each save carries the revision the page loaded, so a change someone made meanwhile is a 409
 * shown here rather than overwritten. `now` is when the users were loaded.
 */
export function UserPanel({
  user,
  self,
  now,
  notice,
  onNotice,
  onLink,
  onClose,
}: {
  user: UserView;
  self: boolean;
  now: number;
  /** Kept by the page: a save bumps the revision, which remounts this panel with the saved values. */
  notice: string | null;
  onNotice: (text: string | null) => void;
  onLink: (email: string, link: PasswordLink) => void;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(user.name ?? "");
  const [role, setRole] = useState<RoleName>(user.role);
  const [plants, setPlants] = useState(user.plants.join(", "));
  const [confirmDisable, setConfirmDisable] = useState(false);
  const [newPassword, setNewPassword] = useState("");

  const refresh = () => queryClient.invalidateQueries({ queryKey: usersKey });
  const patch = useMutation({
    mutationFn: (change: Patch) => sendJson<{ user: UserView }>(`/api/v1/admin/users/${user.id}`, "PATCH", { baseRevision: user.revision, ...change }),
    onSuccess: ({ user: saved }, change) => {
      onNotice(change.disabled === true ? `${saved.email} is disabled and signed out everywhere.` : change.disabled === false ? `${saved.email} is enabled again.` : "Saved.");
      return refresh();
    },
  });
  const reset = useMutation({
    mutationFn: (password: string | null) => sendJson<{ user: UserView; setPasswordLink: PasswordLink | null }>(`/api/v1/admin/users/${user.id}/reset-password`, "POST", password === null ? {} : { password }),
    onSuccess: ({ user: saved, setPasswordLink }) => {
      setNewPassword("");
      if (setPasswordLink) onLink(saved.email, setPasswordLink);
      onNotice(setPasswordLink ? "Their old password no longer works; the set-password link above sets a new one." : "The new password is set; their old one and their sessions no longer work.");
      return refresh();
    },
  });
  const history = useQuery({ queryKey: userHistoryKey(user.id), queryFn: () => fetchUserHistory(user.id) });

  const patchIssues = patch.error instanceof ApiProblem ? patch.error.issues : [];
  // A 409 is someone else's change since the page loaded, or the last-admin guard: reloading shows the user as they are now.
  const conflicted = patch.error instanceof ApiProblem && patch.error.status === 409;
  const nextPlants = role === "plant_manager" ? parsePlants(plants) : [];
  const dirty = (name.trim() || null) !== user.name || role !== user.role || nextPlants.join(",") !== [...user.plants].sort().join(",");

  return (
    <Panel
      title={user.email}
      subtitle={`${user.name ?? "No name"} · created ${formatUtc(user.createdAt)}`}
      className="scroll-mt-24"
      actions={
        <button type="button" onClick={onClose} className={secondaryButton}>
          Close
        </button>
      }
    >
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" data-testid="user-panel">
        <div className="space-y-6">
          {notice && !patch.error && !reset.error && <FormAlert tone="success">{notice}</FormAlert>}
          {patch.error && (
            <FormAlert tone="error">
              {patch.error.message}
              {conflicted && (
                <button type="button" onClick={() => (patch.reset(), void refresh())} className="ml-2 font-medium underline">
                  Reload
                </button>
              )}
            </FormAlert>
          )}
          <form
            aria-label="Details"
            onSubmit={(e) => {
              e.preventDefault();
              onNotice(null);
              patch.mutate({ name: name.trim() || null, role, plants: nextPlants });
            }}
            className="space-y-4"
          >
            <h3 className="text-sm font-semibold text-slate-900">Details</h3>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Name" errors={issuesAt(patchIssues, "name")} className="sm:col-span-2">
                <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} className={inputClass} />
              </Field>
              <RoleAndPlants role={role} plants={plants} onRole={setRole} onPlants={setPlants} errors={{ role: issuesAt(patchIssues, "role"), plants: issuesAt(patchIssues, "plants") }} />
            </div>
            {self && role !== "admin" && <FormAlert tone="warning">You are changing your own role: you lose user administration as soon as you save.</FormAlert>}
            <button type="submit" disabled={patch.isPending || !dirty} className={primaryButton}>
              {patch.isPending ? "Saving…" : "Save changes"}
            </button>
          </form>

          <section aria-label="Account" className="space-y-3 border-t border-slate-100 pt-4">
            <h3 className="text-sm font-semibold text-slate-900">Account</h3>
            <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
              <UserStatusBadge user={user} />
              {user.lastLoginAt ? `Last signed in ${formatUtc(user.lastLoginAt)}` : "Never signed in"}
              {user.sso && <Badge tone="sky">SSO</Badge>}
            </p>
            {user.disabled ? (
              <button type="button" disabled={patch.isPending} onClick={() => (onNotice(null), patch.mutate({ disabled: false }))} className={secondaryButton}>
                Enable account
              </button>
            ) : confirmDisable ? (
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-sm text-slate-700">Sign {self ? "yourself" : "them"} out everywhere and refuse every sign-in?</span>
                <button
                  type="button"
                  disabled={patch.isPending}
                  onClick={() => (setConfirmDisable(false), onNotice(null), patch.mutate({ disabled: true }))}
                  className="rounded-lg bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-60"
                >
                  Confirm disable
                </button>
                <button type="button" onClick={() => setConfirmDisable(false)} className={secondaryButton}>
                  Cancel
                </button>
              </div>
            ) : (
              <button type="button" onClick={() => setConfirmDisable(true)} className={`${secondaryButton} text-red-700`}>
                Disable account
              </button>
            )}
          </section>

          <section aria-label="Password" className="space-y-3 border-t border-slate-100 pt-4">
            <h3 className="text-sm font-semibold text-slate-900">Password</h3>
            {self ? (
              <p className="text-sm text-slate-600">Your own password cannot be reset here: the reset would sign you out at once. Ask another administrator.</p>
            ) : (
              <>
                <p className="text-sm text-slate-600">
                  {user.hasPassword ? "Either way their current password stops working at once and their sessions end." : "They have no password yet."}
                  {user.passwordLinkExpiresAt &&
                    (Date.parse(user.passwordLinkExpiresAt) > now ? ` A set-password link is open until ${formatUtc(user.passwordLinkExpiresAt)}; a new one replaces it.` : " Their last set-password link has expired.")}
                </p>
                {reset.error && <FormAlert tone="error">{reset.error.message}</FormAlert>}
                <div className="flex flex-wrap items-end gap-2">
                  <button type="button" disabled={reset.isPending} onClick={() => (onNotice(null), reset.mutate(null))} className={secondaryButton}>
                    Create set-password link
                  </button>
                  <span className="pb-1.5 text-sm text-slate-600">or</span>
                  <form
                    aria-label="Set a new password"
                    onSubmit={(e) => {
                      e.preventDefault();
                      onNotice(null);
                      reset.mutate(newPassword);
                    }}
                    className="flex flex-wrap items-end gap-2"
                  >
                    <Field label="New password" errors={reset.error instanceof ApiProblem ? issuesAt(reset.error.issues, "password") : []}>
                      <input type="password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} required minLength={12} autoComplete="new-password" className={`${inputClass} w-56 max-w-full`} />
                    </Field>
                    <button type="submit" disabled={reset.isPending} className={secondaryButton}>
                      Set password
                    </button>
                  </form>
                </div>
              </>
            )}
          </section>
        </div>

        <section aria-label="History" className="min-w-0 lg:border-l lg:border-slate-100 lg:pl-6">
          <h3 className="mb-2 text-sm font-semibold text-slate-900">History</h3>
          {history.isError ? (
            <FormAlert tone="error">Could not load the history: {history.error.message}</FormAlert>
          ) : !history.data ? (
            <p className="text-sm text-slate-500">Loading…</p>
          ) : history.data.length === 0 ? (
            <p className="text-sm text-slate-500">No audited changes.</p>
          ) : (
            <ol className="space-y-3" data-testid="user-history">
              {history.data.map((entry) => {
                const text = userHistoryText(entry);
                return (
                  <li key={entry.id} data-testid="history-entry" data-action={entry.action} className="border-l-2 border-slate-200 pl-3 text-sm">
                    <div className="font-medium text-slate-900">{text.title}</div>
                    {text.changes.map((c) => (
                      <div key={c} className="text-slate-700">
                        {c}
                      </div>
                    ))}
                    <div className="text-xs text-slate-500">
                      {formatUtc(entry.at)} · {entry.actor}
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      </div>
    </Panel>
  );
}
