/** One option of a filter: a value shown as it is, or a value with its label. */
export type FilterOption = string | { value: string; label: string };

/**
 * A labelled dropdown of a filter bar, "all" first. It may shrink below its longest option's
 * width, so a bar of filters wraps on a phone instead of widening the page.
 */
export function FilterSelect({ label, value, options, allLabel, onChange }: { label: string; value: string; options: readonly FilterOption[]; allLabel?: string; onChange: (value: string) => void }) {
  return (
    <label className="flex min-w-0 max-w-full items-center gap-1.5 text-slate-600">
      {label}
      <select aria-label={label} className="min-w-0 max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm" value={value} onChange={(e) => onChange(e.target.value)}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {options.map((o) => {
          const { value: v, label: text } = typeof o === "string" ? { value: o, label: o } : o;
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}
