import { z } from "zod";
import { DefinitionMatcherSchema, PlantMatcherSchema, SIGNAL_KINDS } from "./rule-spec";
import type { SignalKind } from "./signal";

/** A silence mutes the signals it matches between startsAt and endsAt; evaluation and state tracking go on. */
export interface AlertSilence {
  id: string;
  /** Each matcher null = any; every one that is set must equal the signal's. */
  definition: string | null;
  plant: string | null;
  kind: SignalKind | null;
  signalId: string | null;
  startsAt: Date;
  endsAt: Date;
  comment: string;
  createdBy: string;
}

export const MAX_SILENCE_MINUTES = 90 * 24 * 60;

export const SilenceInputSchema = z
  .object({
    definition: DefinitionMatcherSchema.default(null),
    plant: PlantMatcherSchema.default(null),
    kind: z.preprocess((v) => (v === "" ? null : v), z.enum(SIGNAL_KINDS).nullable()).default(null),
    signalId: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), z.string().trim().max(300).nullable()).default(null),
    /** Defaults to now; a later start schedules the silence. */
    startsAt: z.iso.datetime({ offset: true }).optional(),
    /** How long from startsAt (minutes); or give endsAt. */
    durationMinutes: z.number().int().min(1, "at least 1 minute").max(MAX_SILENCE_MINUTES, "at most 90 days").optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    comment: z.string().trim().min(1, "say why (a comment is required)").max(500, "at most 500 characters"),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.definition === null && s.plant === null && s.kind === null && s.signalId === null) {
      ctx.addIssue({ code: "custom", path: ["definition"], message: "a silence needs at least one matcher (definition, plant, kind or signal id)" });
    }
    if ((s.durationMinutes === undefined) === (s.endsAt === undefined)) {
      ctx.addIssue({ code: "custom", path: ["durationMinutes"], message: "give either durationMinutes or endsAt" });
    }
  });
export type SilenceInput = z.infer<typeof SilenceInputSchema>;

/** Where a silence stands at `now`. */
export function silenceState(s: Pick<AlertSilence, "startsAt" | "endsAt">, now: Date): "pending" | "active" | "expired" {
  if (now.getTime() >= s.endsAt.getTime()) return "expired";
  return now.getTime() < s.startsAt.getTime() ? "pending" : "active";
}
