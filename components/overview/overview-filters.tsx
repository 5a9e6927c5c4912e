"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { OverviewFilter } from "@/lib/queries/overview-filter";

/** The overview's plant and system, each a URL parameter beside the time range, so a link or a reload shows the same view. */
export function OverviewFilters({ filter, facets }: { filter: OverviewFilter; facets: { plants: string[]; systems: string[] } }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const set = (name: "plant" | "system", value: string) => {
    const params = new URLSearchParams(search.toString());
    if (value) params.set(name, value);
    else params.delete(name);
    const query = params.toString();
    router.push(query ? `${pathname}?${query}` : pathname);
  };
  // A value from the link stays selectable even when it sent nothing in this window.
  const withCurrent = (values: string[], current: string | undefined) => (current && !values.includes(current) ? [...values, current].sort() : values);
  const select = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";

  return (
    <div data-testid="overview-filters" className="flex flex-wrap items-center gap-3 text-sm">
      <label className="flex items-center gap-1.5 text-slate-600">
        Plant
        <select aria-label="Plant" className={select} value={filter.plant ?? ""} onChange={(e) => set("plant", e.target.value)}>
          <option value="">All plants</option>
          {withCurrent(facets.plants, filter.plant).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1.5 text-slate-600">
        System
        <select aria-label="System" className={select} value={filter.system ?? ""} onChange={(e) => set("system", e.target.value)}>
          <option value="">All systems</option>
          {withCurrent(facets.systems, filter.system).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {(filter.plant || filter.system) && (
        <button type="button" className="text-sm font-medium text-indigo-700 hover:underline" onClick={() => router.push(`${pathname}?${new URLSearchParams({ range: filter.range }).toString()}`)}>
          Clear filters
        </button>
      )}
    </div>
  );
}
