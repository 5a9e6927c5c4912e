/** One difference between the original payload and an edited one, at a JSON path ("lines.0.qty"). */
export type PayloadChange =
  | { kind: "changed"; path: string; before: unknown; after: unknown }
  | { kind: "added"; path: string; after: unknown }
  | { kind: "removed"; path: string; before: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const join = (path: string, key: string | number) => (path === "" ? String(key) : `${path}.${key}`);

/**
 * The leaf-level differences between two JSON values, objects and arrays walked key by key
 * (arrays by index), in the order of the original's keys then the edit's new ones. A value whose
 * type changes (object to string, say) is one change at its path.
 */
export function payloadChanges(before: unknown, after: unknown, path = ""): PayloadChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))];
    return keys.flatMap((k) => {
      if (!(k in after)) return [{ kind: "removed", path: join(path, k), before: before[k] } as const];
      if (!(k in before)) return [{ kind: "added", path: join(path, k), after: after[k] } as const];
      return payloadChanges(before[k], after[k], join(path, k));
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => i).flatMap((i) => {
      if (i >= after.length) return [{ kind: "removed", path: join(path, i), before: before[i] } as const];
      if (i >= before.length) return [{ kind: "added", path: join(path, i), after: after[i] } as const];
      return payloadChanges(before[i], after[i], join(path, i));
    });
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ kind: "changed", path: path || "(whole payload)", before, after }];
}

const MAX_VALUE = 60;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** One line per change, as the editor's summary and the audit record show it. */
export function describeChange(change: PayloadChange): string {
  if (change.kind === "added") return `+ ${change.path}: ${show(change.after)}`;
  if (change.kind === "removed") return `− ${change.path} (was ${show(change.before)})`;
  return `${change.path}: ${show(change.before)} → ${show(change.after)}`;
}

/** JSON.parse that says where it stopped as line and column (worked out from the position V8 puts in its message). */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    if (!at) return { ok: false, error: message };
    const before = text.slice(0, Number(at[1]));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    return { ok: false, error: `${message.replace(/ in JSON at position \d+.*$/, "")} (line ${line}, column ${column})` };
  }
}
