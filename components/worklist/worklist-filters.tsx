"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { INSTANCE_SORTS, INSTANCE_STATUSES, SLA_STATES } from "@/lib/slas/queries/instance-filter";
import type { WorkflowInfo } from "@/lib/slas/view-definitions";
import { statusLabel } from "@/lib/ui/status-labels";
import { FilterSelect } from "@/components/ui/filter-select";

const SORT_LABELS: Record<(typeof INSTANCE_SORTS)[number], string> = { deadline: "Deadline first", over_by: "Most overdue", time_to_breach: "Least time left", trigger: "Newest" };

/** The worklist's filters, each one a URL parameter; no SLA state and no status means "needs action". */
export function WorklistFilters({ workflows, plants }: { workflows: WorkflowInfo[]; plants: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const set = (name: string, value: string) => {
    const params = new URLSearchParams(search.toString());
    if (value) params.set(name, value);
    else params.delete(name);
    if (name === "workflow") params.delete("stage");
    router.push(`${pathname}?${params.toString()}`);
  };
  const many = (name: string) => (search.get(name) ?? "").split(",").filter(Boolean);
  const toggle = (name: string, value: string) => {
    const current = many(name);
    set(name, (current.includes(value) ? current.filter((v) => v !== value) : [...current, value]).join(","));
  };
  const workflow = search.get("workflow") ?? "";
  const stages = workflows.find((w) => w.key === workflow)?.stages ?? [];
  const chip = (active: boolean) => `rounded-md px-2 py-0.5 text-xs ${active ? "bg-slate-900 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50"}`;
  const select = "min-w-0 max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";
  const actionOnly = many("sla_state").length === 0 && many("status").length === 0;

  return (
    <div data-testid="worklist-filters" className="flex flex-wrap items-center gap-3 text-sm">
      <FilterSelect label="Workflow" allLabel="All" value={workflow} options={workflows.map((w) => ({ value: w.key, label: w.name }))} onChange={(v) => set("workflow", v)} />
      <FilterSelect label="Plant" allLabel="All" value={search.get("plant") ?? ""} options={plants} onChange={(v) => set("plant", v)} />
      {stages.length > 0 && (
        <label className="flex min-w-0 max-w-full items-center gap-1.5 text-slate-600">
          Waiting for
          <select aria-label="Stage" className={select} value={search.get("stage") ?? ""} onChange={(e) => set("stage", e.target.value)}>
            <option value="">Any stage</option>
            {stages.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="flex items-center gap-1" role="group" aria-label="SLA state">
        <span className="text-slate-600">SLA</span>
        <button type="button" className={chip(actionOnly)} aria-pressed={actionOnly} onClick={() => router.push(`${pathname}?${(() => { const p = new URLSearchParams(search.toString()); p.delete("sla_state"); p.delete("status"); return p.toString(); })()}`)}>
          needs action
        </button>
        {SLA_STATES.map((s) => (
          <button key={s} type="button" className={chip(many("sla_state").includes(s))} aria-pressed={many("sla_state").includes(s)} onClick={() => toggle("sla_state", s)}>
            {statusLabel(s)}
          </button>
        ))}
      </span>
      <span className="flex items-center gap-1" role="group" aria-label="Status">
        <span className="text-slate-600">Status</span>
        {INSTANCE_STATUSES.map((s) => (
          <button key={s} type="button" className={chip(many("status").includes(s))} aria-pressed={many("status").includes(s)} onClick={() => toggle("status", s)}>
            {statusLabel(s)}
          </button>
        ))}
      </span>
      <label className="flex min-w-0 max-w-full items-center gap-1.5 text-slate-600">
        Order
        <select aria-label="Order" className={select} value={search.get("sort") ?? "deadline"} onChange={(e) => set("sort", e.target.value === "deadline" ? "" : e.target.value)}>
          {INSTANCE_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
