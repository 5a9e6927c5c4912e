"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { getJson, sendJson } from "@/components/ui/api-client";
import { EmptyState, Panel } from "@/components/ui/panel";
import type { ApiTokenStatus, ApiTokenView } from "@/lib/auth/api-tokens";
import { ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/roles";
import { formatUtc } from "@/lib/ui/format";
import { statusLabel } from "@/lib/ui/status-labels";
import { TableScroll } from "@/components/ui/table-scroll";

const ENDPOINT = "/api/v1/admin/tokens";
const QUERY_KEY = ["admin", "api-tokens"] as const;

interface CreateRequest {
  name: string;
  role: RoleName;
  plants: string[];
  expiresInDays: number | null;
}

interface CreateAnswer {
  token: string;
  record: ApiTokenView;
}

const fetchTokens = async () => (await getJson<{ tokens: ApiTokenView[] }>(ENDPOINT)).tokens;
const postToken = (body: CreateRequest) => sendJson<CreateAnswer>(ENDPOINT, "POST", body);
const deleteToken = (id: string) => sendJson<void>(`${ENDPOINT}/${encodeURIComponent(id)}`, "DELETE");

const inputClass = "w-full rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200";
const primaryButton = "rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60";
const secondaryButton = "rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";

/** Tokens of the JSON API: the list, a creation form, the new secret shown once, and revocation. */
export function ApiTokens({ initial }: { initial: ApiTokenView[] }) {
  const queryClient = useQueryClient();
  const { data: tokens, isError, error } = useQuery({ queryKey: QUERY_KEY, queryFn: fetchTokens, initialData: initial, staleTime: 5_000 });
  const [created, setCreated] = useState<CreateAnswer | null>(null);
  const create = useMutation({
    mutationFn: postToken,
    onSuccess: async (answer) => {
      setCreated(answer);
      await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
    },
  });
  const revoke = useMutation({
    mutationFn: deleteToken,
    onSettled: () => queryClient.invalidateQueries({ queryKey: QUERY_KEY }),
  });

  return (
    <div className="space-y-6">
      {created ? (
        <NewTokenNotice answer={created} onDone={() => setCreated(null)} />
      ) : (
        <Panel title="Create a token" subtitle="The token acts with the role and plants you give it, not yours">
          <CreateTokenForm pending={create.isPending} error={create.error?.message ?? null} onSubmit={(body) => create.mutate(body)} />
        </Panel>
      )}
      <Panel title="Tokens" subtitle={`${tokens.filter((t) => t.status === "active").length} active of ${tokens.length}`}>
        {isError && (
          <p role="alert" className="mb-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Could not refresh the list: {error.message}
          </p>
        )}
        {revoke.isError && (
          <p role="alert" className="mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
            {revoke.error.message}
          </p>
        )}
        {tokens.length === 0 ? (
          <EmptyState title="No API tokens yet">Create one above, or with `npm run token -- --name NAME --role ROLE` while the app is stopped.</EmptyState>
        ) : (
          <TokenTable tokens={tokens} revoking={revoke.isPending ? revoke.variables : undefined} onRevoke={(id) => revoke.mutate(id)} />
        )}
      </Panel>
    </div>
  );
}

function CreateTokenForm({ pending, error, onSubmit }: { pending: boolean; error: string | null; onSubmit: (body: CreateRequest) => void }) {
  const [role, setRole] = useState<RoleName>("viewer");

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const expiry = String(form.get("expiresInDays") ?? "").trim();
    onSubmit({
      name: String(form.get("name") ?? ""),
      role,
      plants:
        role === "plant_manager"
          ? String(form.get("plants") ?? "")
              .split(",")
              .map((p) => p.trim())
              .filter(Boolean)
          : [],
      expiresInDays: expiry === "" ? null : Number(expiry),
    });
  }

  return (
    <form onSubmit={submit} aria-label="Create an API token" className="grid gap-4 md:grid-cols-[2fr_1.3fr_1.3fr_1fr_auto] md:items-end">
      <label className="block">
        <span className="mb-1 block text-sm font-medium text-slate-700">Name</span>
        <input name="name" required maxLength={100} placeholder="e.g. grafana-exporter" className={inputClass} />
      </label>
      <label className="block">
        <span className="mb-1 block text-sm font-medium text-slate-700">Role</span>
        <select name="role" value={role} onChange={(e) => setRole(e.target.value as RoleName)} className={inputClass}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      {role === "plant_manager" ? (
        <label className="block">
          <span className="mb-1 block text-sm font-medium text-slate-700">Plants</span>
          <input name="plants" required placeholder="P100, P200" className={inputClass} />
        </label>
      ) : (
        <div className="hidden md:block" aria-hidden />
      )}
      <label className="block">
        <span className="mb-1 block text-sm font-medium text-slate-700">Expires in days</span>
        <input name="expiresInDays" type="number" min={1} max={3650} step={1} placeholder="never" className={inputClass} />
      </label>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? "Creating…" : "Create token"}
      </button>
      {error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 md:col-span-5">
          {error}
        </p>
      )}
    </form>
  );
}

function NewTokenNotice({ answer, onDone }: { answer: CreateAnswer; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(answer.token);
      setCopied(true);
      setTimeout(() => setCopied(false), 1_500);
    } catch {
      // No clipboard (plain http on another host): the field stays selectable.
      setCopied(false);
    }
  }
  return (
    <section data-testid="new-token" className="rounded-xl border border-amber-300 bg-amber-50 p-5 shadow-sm">
      <h2 className="text-sm font-semibold text-amber-900">Token “{answer.record.name}” created</h2>
      <p className="mt-1 text-sm text-amber-900">
        Copy it now: it is not stored and will not be shown again. Send it in the header <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>
      </p>
      <div className="mt-3 flex gap-2">
        <input
          readOnly
          value={answer.token}
          aria-label="New API token"
          onFocus={(e) => e.currentTarget.select()}
          className="w-full rounded-lg border border-amber-300 bg-white px-3 py-2 font-mono text-sm text-slate-900"
        />
        <button type="button" onClick={() => void copy()} className={secondaryButton}>
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" onClick={onDone} className={primaryButton}>
          Done
        </button>
      </div>
    </section>
  );
}

const STATUS_STYLES: Record<ApiTokenStatus, string> = {
  active: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  expired: "bg-amber-50 text-amber-800 ring-amber-600/20",
  revoked: "bg-slate-100 text-slate-600 ring-slate-500/20",
};

function TokenTable({ tokens, revoking, onRevoke }: { tokens: ApiTokenView[]; revoking: string | undefined; onRevoke: (id: string) => void }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <TableScroll label="API tokens">
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">Name</th>
            <th className="px-3 py-2 font-medium">Role</th>
            <th className="px-3 py-2 font-medium">Plants</th>
            <th className="px-3 py-2 font-medium">Token</th>
            <th className="px-3 py-2 font-medium">Created (UTC)</th>
            <th className="px-3 py-2 font-medium">Last used</th>
            <th className="px-3 py-2 font-medium">Expires</th>
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {tokens.map((t) => (
            <tr key={t.id} data-testid="api-token" className="align-top">
              <td className="px-3 py-2 font-medium text-slate-900">{t.name}</td>
              <td className="px-3 py-2">{ROLE_LABELS[t.role]}</td>
              <td className="px-3 py-2">{t.role === "plant_manager" ? t.plants.join(", ") : <span className="text-slate-400">all</span>}</td>
              <td className="px-3 py-2 font-mono text-xs">{t.prefix}…</td>
              <td className="whitespace-nowrap px-3 py-2 text-xs">
                {formatUtc(t.createdAt)}
                {t.createdBy && <div className="text-slate-500">by {t.createdBy}</div>}
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-xs">{t.lastUsedAt ? formatUtc(t.lastUsedAt) : <span className="text-slate-400">never</span>}</td>
              <td className="whitespace-nowrap px-3 py-2 text-xs">{t.expiresAt ? formatUtc(t.expiresAt) : <span className="text-slate-400">never</span>}</td>
              <td className="px-3 py-2">
                <span className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLES[t.status]}`}>{statusLabel(t.status)}</span>
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-right">
                {t.status === "revoked" ? null : confirming === t.id ? (
                  <span className="inline-flex items-center gap-2">
                    <span className="text-xs text-slate-600">Revoke {t.name}?</span>
                    <button
                      type="button"
                      disabled={revoking === t.id}
                      onClick={() => {
                        setConfirming(null);
                        onRevoke(t.id);
                      }}
                      className="rounded-lg bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-60"
                    >
                      Confirm revoke
                    </button>
                    <button type="button" onClick={() => setConfirming(null)} className={secondaryButton}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button type="button" disabled={revoking === t.id} onClick={() => setConfirming(t.id)} className={`${secondaryButton} text-red-700`}>
                    {revoking === t.id ? "Revoking…" : "Revoke"}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
