"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { OverviewFilter } from "@/lib/queries/overview-filter";
import { FilterSelect } from "@/components/ui/filter-select";

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

  return (
    <div data-testid="overview-filters" className="flex flex-wrap items-center gap-3 text-sm">
      <FilterSelect label="Plant" allLabel="All plants" value={filter.plant ?? ""} options={withCurrent(facets.plants, filter.plant)} onChange={(v) => set("plant", v)} />
      <FilterSelect label="System" allLabel="All systems" value={filter.system ?? ""} options={withCurrent(facets.systems, filter.system)} onChange={(v) => set("system", v)} />
      {(filter.plant || filter.system) && (
        <button type="button" className="text-sm font-medium text-indigo-700 hover:underline" onClick={() => router.push(`${pathname}?${new URLSearchParams({ range: filter.range }).toString()}`)}>
          Clear filters
        </button>
      )}
    </div>
  );
}
