import { z } from "zod";
import { SIGNAL_KINDS, SIGNAL_SEVERITIES } from "./rule-spec";
import type { AlertSignal } from "./signal";

/** A signal as stored in the notification state (JSON: dates as ISO strings). */
export type StoredSignal = Omit<AlertSignal, "startsAt" | "endsAt"> & { startsAt: string; endsAt: string | null };

const StoredSignalSchema = z.object({
  id: z.string(),
  kind: z.enum(SIGNAL_KINDS),
  state: z.enum(["firing", "resolved"]),
  severity: z.enum(SIGNAL_SEVERITIES),
  definition: z.string(),
  plant: z.string(),
  stage: z.string(),
  summary: z.string(),
  path: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
});

export function signalToJson(s: AlertSignal): StoredSignal {
  return { ...s, labels: Object.fromEntries(Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), startsAt: s.startsAt.toISOString(), endsAt: s.endsAt ? s.endsAt.toISOString() : null };
}

/** The stored snapshot back as a signal; throws on a row that is not one (it is ours, so that is a bug). */
export function signalFromJson(json: unknown): AlertSignal {
  const s = StoredSignalSchema.parse(json);
  return { ...s, startsAt: new Date(s.startsAt), endsAt: s.endsAt === null ? null : new Date(s.endsAt) };
}

/** Equal as stored, so an unchanged alert is not rewritten every cycle (field by field: this runs for every alert of every cycle). */
export function sameSignal(a: AlertSignal, b: AlertSignal): boolean {
  if (a === b) return true;
  if (
    a.id !== b.id ||
    a.kind !== b.kind ||
    a.state !== b.state ||
    a.severity !== b.severity ||
    a.definition !== b.definition ||
    a.plant !== b.plant ||
    a.stage !== b.stage ||
    a.summary !== b.summary ||
    a.path !== b.path ||
    a.startsAt.getTime() !== b.startsAt.getTime() ||
    (a.endsAt?.getTime() ?? null) !== (b.endsAt?.getTime() ?? null)
  ) {
    return false;
  }
  const keys = Object.keys(a.labels);
  return keys.length === Object.keys(b.labels).length && keys.every((k) => a.labels[k] === b.labels[k]);
}
