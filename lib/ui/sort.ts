export type SortDirection = "asc" | "desc";

export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}

/** Sorts a copy: numbers numerically, everything else as text, ties kept in their input order. */
export function sortRows<T, K extends string & keyof T>(rows: readonly T[], sort: SortState<K>): T[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[sort.key];
      const y = b.row[sort.key];
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return order * sign || a.index - b.index;
    })
    .map(({ row }) => row);
}

/** Clicking the sorted column flips it; a new column starts descending for numbers-first tables. */
export function nextSort<K extends string>(current: SortState<K>, key: K, firstDirection: SortDirection = "desc"): SortState<K> {
  if (current.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: firstDirection };
}
