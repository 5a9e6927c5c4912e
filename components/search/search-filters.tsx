"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { SOURCE_SYSTEMS } from "@/lib/events/contract";
import { SEARCH_STATUSES, type SearchScope } from "@/lib/search/search-params";
import { statusLabel } from "@/lib/ui/status-labels";
import { FilterSelect } from "@/components/ui/filter-select";

/** What each status chip finds, as its title says it. */
const STATUS_TITLES: Record<(typeof SEARCH_STATUSES)[number], { ids: string; errors: string }> = {
  held: { ids: "lots some system holds now", errors: "failures naming a lot some system holds now" },
  rejected: { ids: "lots some system rejected or scrapped", errors: "failures naming a rejected lot" },
  divergent: { ids: "lots one system blocks while another releases", errors: "failures naming a lot whose systems disagree" },
  failed: { ids: "ids with a failed or dead-lettered event in the time range (the last 24 h without one)", errors: "failed or dead-lettered events" },
  dead_lettered: { ids: "ids with a dead-lettered event in the time range (the last 24 h without one)", errors: "dead-lettered events only" },
};

/**
 * The search's filters, each one a URL parameter like the worklist's: status chips (any of them),
 * a plant and a source system. A change starts the list again from its first page.
 */
export function SearchFilters({ plants, scope }: { plants: readonly string[]; scope: SearchScope }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const set = (name: string, value: string) => {
    const params = new URLSearchParams(search.toString());
    if (value) params.set(name, value);
    else params.delete(name);
    params.delete("limit");
    router.push(`${pathname}?${params.toString()}`);
  };
  const many = (name: string) => (search.get(name) ?? "").split(",").filter(Boolean);
  const toggle = (name: string, value: string) => {
    const current = many(name);
    set(name, (current.includes(value) ? current.filter((v) => v !== value) : [...current, value]).join(","));
  };
  const plant = search.get("plant") ?? "";
  const chip = (active: boolean) => `rounded-md px-2 py-0.5 text-xs ${active ? "bg-slate-900 text-white" : "bg-white text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"}`;

  return (
    <div data-testid="search-filters" className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
      <span className="flex flex-wrap items-center gap-1" role="group" aria-label="Status">
        <span className="text-slate-600">Status</span>
        {SEARCH_STATUSES.map((s) => (
          <button key={s} type="button" data-status={s} className={chip(many("status").includes(s))} aria-pressed={many("status").includes(s)} title={STATUS_TITLES[s][scope]} onClick={() => toggle("status", s)}>
            {statusLabel(s)}
          </button>
        ))}
      </span>
      <FilterSelect label="Plant" allLabel="All" value={plant} options={[...new Set([...plants, ...(plant ? [plant] : [])])].sort()} onChange={(v) => set("plant", v)} />
      <FilterSelect label="System" allLabel="All" value={search.get("system") ?? ""} options={SOURCE_SYSTEMS} onChange={(v) => set("system", v)} />
    </div>
  );
}
