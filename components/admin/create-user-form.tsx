"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiProblem, issuesAt, sendJson } from "@/components/ui/api-client";
import { Field, FormAlert, inputClass, primaryButton, secondaryButton } from "@/components/definitions/form-controls";
import type { RoleName } from "@/lib/auth/roles";
import type { PasswordLink } from "@/lib/users/password-links";
import type { UserView } from "@/lib/users/user-view";
import { parsePlants, RoleAndPlants } from "./user-fields";
import { usersKey } from "./users-query";

export interface CreatedUser {
  user: UserView;
  setPasswordLink: PasswordLink | null;
}

/** Invite someone: with a one-time set-password link to hand over (the default), or with an initial password. */
export function CreateUserForm({ onCreated, onCancel }: { onCreated: (created: CreatedUser) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<RoleName>("viewer");
  const [plants, setPlants] = useState("");
  const [method, setMethod] = useState<"link" | "password">("link");
  const [password, setPassword] = useState("");
  const create = useMutation({
    mutationFn: () =>
      sendJson<CreatedUser>("/api/v1/admin/users", "POST", {
        email,
        ...(name.trim() ? { name } : {}),
        role,
        plants: role === "plant_manager" ? parsePlants(plants) : [],
        ...(method === "password" ? { password } : {}),
      }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: usersKey });
      onCreated(created);
    },
  });
  const issues = create.error instanceof ApiProblem ? create.error.issues : [];

  return (
    <form
      aria-label="Invite a user"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
      className="space-y-4 rounded-lg border border-slate-200 bg-slate-50 p-4"
    >
      <h3 className="text-sm font-semibold text-slate-900">Invite a user</h3>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <Field label="Email" errors={issuesAt(issues, "email")}>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={320} autoComplete="off" aria-invalid={issuesAt(issues, "email").length > 0} className={inputClass} />
        </Field>
        <Field label="Name" hint="Optional" errors={issuesAt(issues, "name")}>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoComplete="off" className={inputClass} />
        </Field>
        <RoleAndPlants role={role} plants={plants} onRole={setRole} onPlants={setPlants} errors={{ role: issuesAt(issues, "role"), plants: issuesAt(issues, "plants") }} />
      </div>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-xs font-medium text-slate-700">Password</legend>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="radio" name="password-method" checked={method === "link"} onChange={() => setMethod("link")} />
          Create a one-time set-password link for them (shown once, valid 72 hours)
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="radio" name="password-method" checked={method === "password"} onChange={() => setMethod("password")} />
          Set an initial password
        </label>
        {method === "password" && (
          <Field label="Initial password" hint="At least 12 characters; tell them to keep it to themselves" errors={issuesAt(issues, "password")} className="max-w-sm">
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={12} autoComplete="new-password" aria-invalid={issuesAt(issues, "password").length > 0} className={inputClass} />
          </Field>
        )}
      </fieldset>
      {create.error && <FormAlert tone="error">{create.error.message}</FormAlert>}
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={create.isPending} className={primaryButton}>
          {create.isPending ? "Creating…" : "Create user"}
        </button>
        <button type="button" onClick={onCancel} className={secondaryButton}>
          Cancel
        </button>
      </div>
    </form>
  );
}
