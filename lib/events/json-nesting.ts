/**
 * Nesting checks and serialization for JSON values of any depth, without recursion: JSON.parse
 * accepts input nested far deeper than the stack allows JSON.stringify or a recursive walk to
 * follow, so whatever may meet such input before the depth limit has refused it uses these.
 */

export type JsonPath = (string | number)[];

/**
 * The path to the first object or array below `maxDepth` levels (the value itself being level
 * 1), or null when the value nests no deeper. Stops at the first one, so the work is bounded by
 * the size of what lies within the limit.
 */
export function pathBeyondDepth(value: unknown, maxDepth: number): JsonPath | null {
  // Each container links to the one holding it; the path is put together only when one is too deep.
  interface Item {
    value: object;
    depth: number;
    key: string | number;
    parent: Item | null;
  }
  if (typeof value !== "object" || value === null) return null;
  const stack: Item[] = [{ value, depth: 1, key: "", parent: null }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.depth > maxDepth) {
      const path: JsonPath = [];
      for (let at: Item | null = item; at?.parent; at = at.parent) path.unshift(at.key);
      return path;
    }
    const children: [string | number, unknown][] = [];
    if (Array.isArray(item.value)) item.value.forEach((child: unknown, i) => children.push([i, child]));
    else for (const key of Object.keys(item.value)) children.push([key, (item.value as Record<string, unknown>)[key]]);
    // Pushed in reverse so the first child is looked at first.
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, child] = children[i]!;
      if (typeof child === "object" && child !== null) stack.push({ value: child, depth: item.depth + 1, key, parent: item });
    }
  }
  return null;
}

/**
 * Whether the value nests no deeper than `maxDepth`: pathBeyondDepth's answer without building a
 * path or a list of children per container. It runs on every ingested event; the path is only
 * worth building for the rare event that is too deep.
 */
export function nestsWithin(value: unknown, maxDepth: number): boolean {
  if (typeof value !== "object" || value === null) return true;
  const containers: object[] = [value];
  const depths: number[] = [1];
  while (containers.length > 0) {
    const item = containers.pop()!;
    const depth = depths.pop()!;
    if (depth > maxDepth) return false;
    if (Array.isArray(item)) {
      for (const child of item) {
        if (typeof child === "object" && child !== null) {
          containers.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in item) {
        const child = (item as Record<string, unknown>)[key];
        if (typeof child === "object" && child !== null) {
          containers.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return true;
}

/** `attributes[2].value` — a path as it reads in messages. */
export function formatJsonPath(path: JsonPath): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

/**
 * JSON.stringify's output for plain JSON data (what JSON.parse returns), at any depth: keeps
 * input refused for its nesting readable in dead letters.
 */
export function stringifyAnyDepth(value: unknown): string {
  const out: string[] = [];
  // Work items are values still to write or text to emit, taken from the end.
  const stack: ({ text: string } | { value: unknown })[] = [{ value }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ("text" in item) {
      out.push(item.text);
      continue;
    }
    const v = item.value;
    if (typeof v !== "object" || v === null) {
      out.push(JSON.stringify(v) ?? "null");
      continue;
    }
    const isArray = Array.isArray(v);
    // JSON.stringify leaves out undefined members of objects and writes them as null in arrays.
    const members = isArray ? v.map((m: unknown, i) => [i, m] as const) : Object.entries(v).filter(([, m]) => m !== undefined);
    stack.push({ text: isArray ? "]" : "}" });
    for (let i = members.length - 1; i >= 0; i--) {
      const [key, member] = members[i]!;
      stack.push({ value: member });
      if (!isArray) stack.push({ text: `${JSON.stringify(key)}:` });
      if (i > 0) stack.push({ text: "," });
    }
    stack.push({ text: isArray ? "[" : "{" });
  }
  return out.join("");
}
