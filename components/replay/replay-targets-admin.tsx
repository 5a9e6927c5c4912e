"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/alerts/badges";
import { sendJson } from "@/components/ui/api-client";
import { FormAlert, inputClass, primaryButton, secondaryButton } from "@/components/definitions/form-controls";
import { EmptyState, Panel } from "@/components/ui/panel";
import { SortHeader } from "@/components/ui/sort-header";
import type { ReplayTargetView } from "@/lib/replay/replay-targets";
import { formatAgo, formatCount, formatUtc } from "@/lib/ui/format";
import { nextSort, sortRows, type SortState } from "@/lib/ui/sort";
import { ReplayTargetEditor, settingsOf, targetsKey } from "./replay-target-editor";
import { TableScroll } from "@/components/ui/table-scroll";

type Row = ReplayTargetView & { destination: string; auth: string; openFailures: number };
type Key = "interface" | "kind" | "destination" | "method" | "ratePerSecond" | "enabled" | "auth" | "openFailures" | "updatedAt";

const NEW = "new";

function authText(t: ReplayTargetView): string {
  if (t.kind === "kafka") return "—";
  if (t.authSecretEnv) return `env ${t.authSecretEnv}`;
  return t.hasStoredSecret ? "stored" : "none";
}

/**
 * The replay targets, one per interface: a sortable, filterable table with the editor inline.
 * `?interface=NAME` opens that target's editor (or a new one for that interface), so a target
 * has a link of its own; `?interface=new` opens an empty one.
 */
export function ReplayTargetsAdmin({ initial, openFailures, generatedAt }: { initial: ReplayTargetView[]; openFailures: Record<string, number>; generatedAt: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const targets = useQuery({
    queryKey: targetsKey,
    queryFn: async () => (await sendJson<{ targets: ReplayTargetView[] }>("/api/v1/replay-targets", "GET")).targets,
    initialData: initial,
    initialDataUpdatedAt: Date.parse(generatedAt),
    staleTime: 30_000,
  });
  const [sort, setSort] = useState<SortState<Key>>({ key: "interface", direction: "asc" });
  const [text, setText] = useState("");
  const [kind, setKind] = useState<"" | "http" | "kafka">("");
  const [state, setState] = useState<"" | "enabled" | "disabled">("");
  const [notice, setNotice] = useState<{ tone: "success" | "error" | "warning"; text: string } | null>(null);

  const editing = params.get("interface");
  const open = (name: string | null) => {
    const next = new URLSearchParams(params);
    if (name === null) next.delete("interface");
    else next.set("interface", name);
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  const done = (message: string) => {
    open(null);
    setNotice(message ? { tone: "success", text: message } : null);
  };

  const toggle = useMutation({
    mutationFn: (t: ReplayTargetView) => sendJson<{ target: ReplayTargetView }>(`/api/v1/replay-targets/${t.id}`, "PUT", { ...settingsOf(t), enabled: !t.enabled }),
    onSuccess: ({ target }) => setNotice({ tone: "success", text: `${target.enabled ? "Enabled" : "Disabled"} the replay target for ${target.interface}.${target.enabled ? "" : " Replays of its messages are skipped until it is enabled again."}` }),
    onError: (error) => setNotice({ tone: "error", text: error.message }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: targetsKey }),
  });

  const all = targets.data;
  const now = targets.dataUpdatedAt;
  const byInterface = new Map(all.map((t) => [t.interface, t]));
  const rows: Row[] = all.map((t) => ({ ...t, destination: t.kind === "kafka" ? (t.topic ?? "") : (t.url ?? ""), auth: authText(t), openFailures: openFailures[t.interface] ?? 0 }));
  const needle = text.trim().toLowerCase();
  const shown = sortRows(
    rows.filter((r) => (kind === "" || r.kind === kind) && (state === "" || (state === "enabled") === r.enabled) && (needle === "" || `${r.interface} ${r.destination}`.toLowerCase().includes(needle))),
    sort,
  );
  const uncovered = Object.entries(openFailures).filter(([name]) => !byInterface.get(name)?.enabled);
  const suggestions = Object.keys(openFailures).filter((name) => !byInterface.has(name));
  const onSort = (key: Key) => setSort((s) => nextSort(s, key, key === "ratePerSecond" || key === "openFailures" || key === "updatedAt" ? "desc" : "asc"));
  const header = (label: string, column: Key, align?: "right") => <SortHeader label={label} column={column} sort={sort} onSort={onSort} align={align} />;
  const editingTarget = editing && editing !== NEW ? byInterface.get(editing) : undefined;
  const creating = editing !== null && !editingTarget;

  return (
    <div className="space-y-6">
      {uncovered.length > 0 && (
        <FormAlert tone="warning">
          Open failures without an enabled replay target (a replay skips them):{" "}
          {uncovered.map(([name, n], i) => (
            <span key={name}>
              {i > 0 && ", "}
              <Link className="font-mono underline" href={`${pathname}?interface=${encodeURIComponent(name)}`} scroll={false}>
                {name}
              </Link>{" "}
              ({formatCount(n)})
            </span>
          ))}
        </FormAlert>
      )}
      <Panel
        title="Replay targets"
        subtitle={`${all.filter((t) => t.enabled).length} enabled of ${all.length}${targets.isFetching ? " · refreshing…" : ""}`}
        actions={
          editing === null && (
            <button type="button" className={primaryButton} onClick={() => (open(NEW), setNotice(null))}>
              New target
            </button>
          )
        }
      >
        <div className="space-y-4">
          {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
          {targets.isError && <FormAlert tone="error">Could not refresh: {targets.error.message}. Showing the last targets loaded.</FormAlert>}
          {/* Above the table, not in a row of it: on a phone the table scrolls sideways and would cut the form off. */}
          {creating && <ReplayTargetEditor key={editing} target={null} interfaceName={editing === NEW ? "" : editing} interfaces={suggestions} onDone={done} />}
          {editingTarget && <ReplayTargetEditor key={`${editingTarget.id}-${editingTarget.updatedAt}`} target={editingTarget} interfaces={suggestions} onDone={done} />}
          {all.length > 0 && (
            <div className="flex flex-wrap items-end gap-2" data-testid="target-filters">
              <label className="text-xs text-slate-500">
                Filter
                <input value={text} onChange={(e) => setText(e.target.value)} placeholder="interface, URL or topic" className={`${inputClass} mt-0.5 w-64 max-w-full`} />
              </label>
              <label className="text-xs text-slate-500">
                Kind
                <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} className={`${inputClass} mt-0.5 w-32`}>
                  <option value="">any</option>
                  <option value="http">HTTP</option>
                  <option value="kafka">Kafka</option>
                </select>
              </label>
              <label className="text-xs text-slate-500">
                State
                <select value={state} onChange={(e) => setState(e.target.value as typeof state)} className={`${inputClass} mt-0.5 w-32`}>
                  <option value="">any</option>
                  <option value="enabled">enabled</option>
                  <option value="disabled">disabled</option>
                </select>
              </label>
              <span className="pb-1.5 text-xs text-slate-500">
                {shown.length} of {all.length}
              </span>
            </div>
          )}
          {all.length === 0 && !creating ? (
            <EmptyState title="No replay targets yet">Without a target an interface&apos;s messages cannot be replayed: the dry run lists them as skipped (no target). Add the middleware&apos;s replay API or a Kafka topic per interface.</EmptyState>
          ) : shown.length === 0 && all.length > 0 ? (
            <EmptyState title="No target matches the filter" />
          ) : (
            all.length > 0 && (
              <TableScroll label="Replay targets">
                <table className="w-full text-sm" data-testid="target-table">
                  <thead className="border-b border-slate-200 text-xs text-slate-500">
                    <tr>
                      {header("Interface", "interface")}
                      {header("Kind", "kind")}
                      {header("URL or topic", "destination")}
                      {header("Method", "method")}
                      {header("Rate (msg/s)", "ratePerSecond", "right")}
                      {header("Enabled", "enabled")}
                      {header("Auth secret", "auth")}
                      {header("Open failures", "openFailures", "right")}
                      {header("Last changed", "updatedAt")}
                      <th className="px-3 py-2" />
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {shown.map((t) => (
                      <tr
                        key={t.id}
                        data-testid="target-row"
                        data-interface={t.interface}
                        data-open-failures={t.openFailures}
                        aria-current={editingTarget?.id === t.id ? "true" : undefined}
                        className="align-top hover:bg-slate-50 aria-[current=true]:bg-indigo-50"
                      >
                        <td className="px-3 py-2">
                          <Link href={`${pathname}?interface=${encodeURIComponent(t.interface)}`} scroll={false} className="whitespace-nowrap font-mono text-xs font-medium text-indigo-700 hover:underline">
                            {t.interface}
                          </Link>
                        </td>
                        <td className="px-3 py-2">
                          <Badge tone={t.kind === "kafka" ? "amber" : "sky"}>{t.kind === "kafka" ? "Kafka" : "HTTP"}</Badge>
                        </td>
                        <td className="max-w-80 truncate px-3 py-2 font-mono text-xs" title={t.destination}>
                          {t.destination}
                          {Object.keys(t.headers).length > 0 && <div className="truncate text-[11px] text-slate-500">{Object.keys(t.headers).sort().join(", ")}</div>}
                        </td>
                        <td className="px-3 py-2 text-xs">{t.kind === "http" ? t.method : "—"}</td>
                        <td className="px-3 py-2 text-right tabular-nums" data-testid="target-rate">
                          {t.ratePerSecond}
                        </td>
                        <td className="px-3 py-2">
                          <button
                            type="button"
                            role="switch"
                            aria-checked={t.enabled}
                            aria-label={`${t.enabled ? "Disable" : "Enable"} ${t.interface}`}
                            disabled={toggle.isPending}
                            onClick={() => toggle.mutate(t)}
                            className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset disabled:opacity-50 ${t.enabled ? "bg-emerald-50 text-emerald-700 ring-emerald-600/20 hover:bg-emerald-100" : "bg-slate-50 text-slate-600 ring-slate-400/30 hover:bg-slate-100"}`}
                          >
                            <span aria-hidden className={`h-2 w-2 rounded-full ${t.enabled ? "bg-emerald-500" : "bg-slate-400"}`} />
                            {t.enabled ? "enabled" : "disabled"}
                          </button>
                        </td>
                        <td className="whitespace-nowrap px-3 py-2 text-xs">
                          {t.authSecretEnv ? (
                            <>
                              <span className="font-mono">env {t.authSecretEnv}</span>
                              {t.authSecretEnvSet === false && <div className="text-amber-800">not set on this server</div>}
                            </>
                          ) : t.kind === "http" && t.hasStoredSecret ? (
                            <Badge tone="green">stored</Badge>
                          ) : (
                            <span className="text-slate-500">{t.kind === "http" ? "none" : "—"}</span>
                          )}
                        </td>
                        <td className="px-3 py-2 text-right tabular-nums">{t.openFailures > 0 ? formatCount(t.openFailures) : <span className="text-slate-400">0</span>}</td>
                        <td className="whitespace-nowrap px-3 py-2 text-xs" title={formatUtc(t.updatedAt)}>
                          {formatAgo(t.updatedAt, now)}
                          <div className="text-slate-500">{t.changedBy ?? "seeded at start"}</div>
                        </td>
                        <td className="px-3 py-2 text-right">
                          <button type="button" className={secondaryButton} disabled={editing !== null} onClick={() => (open(t.interface), setNotice(null))}>
                            Edit
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )
          )}
        </div>
      </Panel>
    </div>
  );
}
