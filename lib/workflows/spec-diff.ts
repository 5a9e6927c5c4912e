import { formatDuration } from "../ui/format";

/** One difference between two versions, with a path a person can read ("stages › hold-placed › label"). */
export interface SpecChange {
  path: string;
  before: string | null;
  after: string | null;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function display(leafKey: string, value: Json): string {
  if (value === null) return "—";
  if (typeof value === "number" && /Ms$/.test(leafKey)) return formatDuration(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  return JSON.stringify(value);
}

function isKeyed(items: Json[]): items is { key: string }[] {
  return items.length > 0 && items.every((i) => typeof i === "object" && i !== null && !Array.isArray(i) && typeof (i as { key?: unknown }).key === "string");
}

function flatten(value: Json, path: string[], out: Map<string, string>): void {
  const leafKey = path.at(-1) ?? "";
  if (Array.isArray(value)) {
    // Items with a key (stages) are compared by key, so a reorder reads as one "order" change.
    if (isKeyed(value)) {
      out.set([...path, "order"].join(" › "), value.map((i) => i.key).join(" → "));
      for (const item of value) flatten(item as Json, [...path, item.key], out);
    } else if (value.every((v) => typeof v !== "object" || v === null)) {
      out.set(path.join(" › "), value.length === 0 ? "(none)" : value.map((v) => display(leafKey, v)).join(", "));
    } else {
      value.forEach((v, i) => flatten(v, [...path, String(i + 1)], out));
    }
    return;
  }
  if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === "key" && path.length > 0) continue;
      flatten(v, [...path, k], out);
    }
    return;
  }
  out.set(path.join(" › "), display(leafKey, value));
}

/** What changed from `before` to `after` (specs or any JSON), in the order of `after`'s fields. */
export function diffSpecs(before: unknown, after: unknown): SpecChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten((before ?? {}) as Json, [], a);
  flatten((after ?? {}) as Json, [], b);
  const changes: SpecChange[] = [];
  for (const [path, value] of b) if (a.get(path) !== value) changes.push({ path, before: a.get(path) ?? null, after: value });
  for (const [path, value] of a) if (!b.has(path)) changes.push({ path, before: value, after: null });
  return changes;
}
